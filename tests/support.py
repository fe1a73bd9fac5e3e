"""Small helpers shared by the tests: build logs, building a store into a folder, and what a store
looked like (to show a failed build left it untouched)."""
from __future__ import annotations

from pathlib import Path


def quiet(*args, **kwargs) -> None:
    """A build log that says nothing."""


class Log(list):
    """A build log that keeps its lines, to assert on what the build said."""

    def __call__(self, message="", *args, **kwargs):
        self.append(str(message))

    @property
    def text(self) -> str:
        return "\n".join(self)


def build_store(mirror: Path, folder: Path) -> Path:
    """Build a store from `mirror` into `folder`/store; fail with the build's own log."""
    from atlas.build import run_build

    store = folder / "store"
    log = Log()
    assert run_build(mirror=mirror, store=store, log=log) == 0, log.text
    return store


def snapshot(store: Path) -> dict:
    """Where `store` points and what it holds, to compare before and after a build."""
    from atlas.store import Store

    s = Store(store)
    return {"target": store.resolve(), "manifest": s.manifest, "observations": len(s.observations),
            "members": len(s.members)}


def run_page(at, page: str, **params):
    """An AppTest session opened on `page` ("pages/city.py") with `params` in its link."""
    for key, value in params.items():
        at.query_params[key] = value
    if page != "pages/map.py":
        at.switch_page(page)
    return at.run()


def assert_clean(at) -> None:
    """No exception and no error box on an AppTest page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def drawn_as_html(at) -> list[str]:
    """What an AppTest run put on the page as raw HTML: `st.html` bodies and markdown that allows HTML."""
    return ([h.proto.body for h in at.get("html")]
            + [m.value for m in at.markdown if getattr(m, "allow_html", False)])
