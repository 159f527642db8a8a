"""A click-to-choose file button for a student's own scenario.

Solara's FileDrop only takes drag-and-drop and streams the file in chunks through the kernel.
A scenario is a few kilobytes, so this widget reads it in the browser and sends its bytes
(base64, so a file that is not UTF-8 arrives as it is and is refused on the server, instead of
being silently repaired by the browser) in one message; a file above the limit is announced by
its size only and never sent.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import ipyvuetify
import solara
import traitlets

from simulation.house.scenario import ScenarioError

TEMPLATE = """
<template>
  <label class="sam-upload v-btn v-btn--variant-outlined"
         style="display:inline-flex;align-items:center;padding:6px 12px;cursor:pointer;
                text-transform:none;white-space:normal;height:auto">
    <input type="file" accept=".toml,text/plain" style="display:none" @change="choose">
    {{ label }}
  </label>
</template>
<script>
module.exports = {
  methods: {
    async choose(event) {
      const file = event.target.files[0];
      if (!file) return;
      let data = "";
      if (file.size <= this.limit) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        let text = "";
        for (const byte of bytes) text += String.fromCharCode(byte);
        data = btoa(text);
      }
      const count = this.upload ? this.upload.count + 1 : 1;
      this.upload = {name: file.name, size: file.size, data: data, count: count};
      event.target.value = "";
    }
  }
}
</script>
"""


class UploadWidget(ipyvuetify.VuetifyTemplate):
    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    label = traitlets.Unicode().tag(sync=True)
    limit = traitlets.Int().tag(sync=True)
    upload = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)


@dataclass(frozen=True)
class Received:
    """One file as a browser's message describes it.

    Anyone can send the server any message, so nothing in it is trusted: the name is only shown,
    the reported size only says that nothing was sent, and the content is measured as it is read.
    """

    name: str
    size: int
    data: object   # base64 text, if the message is what the template sends

    @classmethod
    def of(cls, message: Mapping[str, object]) -> Received:
        name, size = message.get("name"), message.get("size")
        plausible = isinstance(size, int) and not isinstance(size, bool) and 0 <= size < 2**53
        return cls(name=name if isinstance(name, str) else "", size=size if plausible else 0,
                   data=message.get("data"))   # a size not as File.size gives: measured only

    def read(self, most: int) -> bytes:
        """At most `most` bytes of the file, decoding no more of the message than that takes."""
        try:
            if not isinstance(self.data, str):
                raise ValueError("no content")
            return base64.b64decode(self.data[:4 * -(-most // 3)], validate=True)[:most]
        except ValueError:   # binascii.Error too: not base64, so not what the template sends
            raise ScenarioError(None, [("(file)", "arrived damaged; choose it again")]) from None


@solara.component
def Upload(label: str, limit_bytes: int,
           on_upload: Callable[[str, int, Callable[[int], bytes]], None]) -> None:
    """Calls `on_upload(name, size, read)` for each chosen file; see `Received`."""

    def received(message: dict | None) -> None:
        if message:
            file = Received.of(message)
            on_upload(file.name, file.size, file.read)

    UploadWidget.element(label=label, limit=limit_bytes, on_upload=received)
