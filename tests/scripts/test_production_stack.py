"""The nginx configuration rendered from deploy/nginx.conf.template by scripts/production_stack.py."""

import re

from scripts.production_stack import render_nginx_conf


def test_module_scripts_are_served_as_javascript(tmp_path):
    # Debian's mime.types has no .mjs; browsers refuse a module script sent as octet-stream
    # (Lighthouse best practices logged it as a console error on the home page).
    conf = render_nginx_conf(tmp_path, "127.0.0.1:8080", "127.0.0.1:8081", tmp_path, tmp_path).read_text()
    types = re.search(r"types\s*\{([^}]*)\}", conf)
    assert types is not None
    assert re.search(r"\btext/javascript\s+mjs\s*;", types.group(1))
