# the messages an author reads, and the small things a reader sees (tests/test_messages.py)
extensions = ["myst_parser", "kok_archive"]
myst_enable_extensions = ["colon_fence"]
language = "de"
html_theme = "basic"
