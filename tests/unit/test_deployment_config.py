"""`.streamlit/config.toml` as reviewed for a public deployment (issue 4, item 4): XSRF protection
on, no usage statistics, the toolbar in viewer mode and no error details shown to visitors."""
import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_xsrf_protection_stays_on():
    assert config()["server"]["enableXsrfProtection"] is True


def test_no_usage_statistics():
    assert config()["browser"]["gatherUsageStats"] is False


def test_toolbar_is_for_viewers():
    assert config()["client"]["toolbarMode"] == "viewer"


def test_visitors_see_no_error_details():
    assert config()["client"]["showErrorDetails"] == "none"


def test_streamlit_reads_the_same_values(monkeypatch):
    """Streamlit itself, reading this file, ends up with these values (no typo in a section name)."""
    from streamlit import config as st_config

    monkeypatch.chdir(CONFIG.parents[1])  # Streamlit reads ./.streamlit/config.toml
    st_config.get_config_options(force_reparse=True, options_from_flags={})
    assert st_config.get_option("server.enableXsrfProtection") is True
    assert st_config.get_option("browser.gatherUsageStats") is False
    assert st_config.get_option("client.toolbarMode") == "viewer"
    assert st_config.get_option("client.showErrorDetails") == "none"


def test_no_full_garbage_collection_after_every_run():
    """A forced gc.collect(2) after each script run was most of a reader's server CPU (issue 14)."""
    assert config()["runner"]["postScriptGC"] is False


def test_the_server_parses_http_in_c_on_a_libuv_loop():
    """uvicorn takes httptools, and Streamlit runs its server on uvloop, when they are installed
    (requirements.txt): without them a static file costs the app process four times the CPU, and a
    fresh page view fetches over a hundred (issue 14)."""
    import uvicorn
    from streamlit.web import bootstrap

    async def app(scope, receive, send):
        """An ASGI app that is never called: uvicorn's choices need one."""

    server = uvicorn.Config(app=app)
    server.load()
    assert server.http_protocol_class.__name__ == "HttpToolsProtocol"
    assert bootstrap._get_uvloop_loop_factory().__module__ == "uvloop"


def test_gzipped_outlines_are_sent_as_they_are():
    """A published `.json.gz` (atlas.static_files) goes out as application/gzip, a type the server's
    compression leaves alone, so no reader's view pays for compressing outlines."""
    from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES
    from streamlit.web.server.component_file_utils import guess_content_type

    assert guess_content_type("/app/static/geo/districts-synthetic-0123456789ab.json.gz") == "application/gzip"
    assert "application/gzip" in DEFAULT_EXCLUDED_CONTENT_TYPES
