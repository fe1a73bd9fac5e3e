"""A reader without a browser: Streamlit's own websocket protocol, for measuring the server.

A browser's Streamlit frontend opens `/_stcore/stream` (subprotocol "streamlit"), sends a BackMsg
`rerun_script` with the page and the address's query string, and receives ForwardMsgs (the
session, the page's elements, and `script_finished`). A widget change is another `rerun_script`
carrying the widgets' values (as the frontend sends them: a selectbox's shown label, a select
slider's list of labels), with the fragment's id when the widget sits in an `st.fragment`.

    async with Reader(url) as reader:
        await reader.open("map", "view=europe")          # seconds to the finished run
        await reader.change("Indicator", "Internet use, daily")

Used by `python -m deploy.load --protocol` and `python -m atlas bench --serve`. Static files, the
map's component frame and its outlines are not fetched: a browser does that, this measures runs.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
# The widgets a reader changes, with the field their value travels in.
WIDGETS = {"selectbox": "string_value", "slider": "string_array_value", "multiselect": "string_array_value"}  # slider: st.select_slider


class RunFailed(RuntimeError):
    """A run ended with an error shown, a compile error, or no end within the timeout."""


@dataclass
class Widget:
    kind: str  # selectbox, slider (a select slider), multiselect
    id: str
    label: str
    options: list[str]
    fragment_id: str = ""


@dataclass
class Reader:
    """One session on the server at `url` (http://127.0.0.1:PORT, or nginx in front of some)."""
    url: str
    timeout: float = 60.0
    widgets: dict[str, Widget] = field(default_factory=dict)  # by label, as last drawn
    _drawn: set[str] = field(default_factory=set)  # labels drawn by the run under way
    states: dict[str, WidgetState] = field(default_factory=dict)  # by widget id: what this reader set
    query: str = ""
    page: str = ""
    bytes_received: int = 0
    errors_shown: int = 0

    async def __aenter__(self) -> "Reader":
        ws_url = self.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                           origin=self.url, open_timeout=self.timeout)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def open(self, page: str, query: str = "") -> float:
        """Open a page (its url path, e.g. "map") with a query string, as a fresh browser tab does;
        the seconds until its script finished."""
        self.page, self.query, self.states = page, query, {}
        return await self._rerun()

    async def change(self, label: str, option: str | list[str]) -> float:
        """Set the widget labelled `label` to `option` (its shown text, or a list for a multiselect)
        and rerun, as a reader's click does; the seconds until the run finished."""
        widget = self.widgets[label]
        state = WidgetState(id=widget.id)
        if WIDGETS[widget.kind] == "string_value":
            state.string_value = option
        else:
            state.string_array_value.data.extend([option] if isinstance(option, str) else option)
        self.states[widget.id] = state
        return await self._rerun(widget.fragment_id)

    async def _rerun(self, fragment_id: str = "") -> float:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string, state.page_name, state.fragment_id = self.query, self.page, fragment_id
        state.widget_states.widgets.extend(self.states.values())
        state.context_info.timezone, state.context_info.locale = "Europe/Brussels", "en-GB"
        start, self._drawn = time.monotonic(), set()
        await self.ws.send(msg.SerializeToString())
        try:
            await asyncio.wait_for(self._until_finished(), self.timeout)
        except asyncio.TimeoutError:
            raise RunFailed(f"no finished run within {self.timeout:.0f} s") from None
        if not fragment_id:  # a whole run draws every control the page has now; forget the others
            self.widgets = {label: w for label, w in self.widgets.items() if label in self._drawn}
        return time.monotonic() - start

    async def _until_finished(self) -> None:
        while True:
            data = await self.ws.recv()
            self.bytes_received += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta":
                self._note(msg.delta)
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RunFailed("the script did not compile")
                if msg.script_finished in FINISHED:
                    return

    def _note(self, delta) -> None:
        """Keep the widgets drawn (id, label, options) and count error boxes and exceptions."""
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind in WIDGETS:
            proto = getattr(element, kind)
            self.widgets[proto.label] = Widget(kind, proto.id, proto.label, list(proto.options), delta.fragment_id)
            self._drawn.add(proto.label)
        elif kind == "exception" or (kind == "alert" and element.alert.format == element.alert.ERROR):
            self.errors_shown += 1
