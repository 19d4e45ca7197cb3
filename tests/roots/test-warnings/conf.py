from importlib.util import find_spec
from pathlib import Path

# shared settings: tests/roots/conf_base.py (found through the extension: roots are copied to tmp)
BASE = Path(find_spec("kok_archive").origin).parents[2] / "tests" / "roots"
exec((BASE / "conf_base.py").read_text(encoding="utf-8"))
