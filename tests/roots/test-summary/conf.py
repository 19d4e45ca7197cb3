extensions = ["myst_parser", "kok_archive"]
myst_enable_extensions = ["colon_fence"]
language = "de"
html_theme = "basic"
