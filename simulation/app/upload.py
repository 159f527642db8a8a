"""A click-to-choose file button for a student's own scenario.

Solara's FileDrop only takes drag-and-drop and streams the file in chunks through the kernel.
A scenario is a few kilobytes of text, so this widget reads it in the browser and sends the text
in one message; a file above the limit is announced by its size only and never sent.
"""

from __future__ import annotations

from collections.abc import Callable

import ipyvuetify
import solara
import traitlets

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
      const text = file.size <= this.limit ? await file.text() : "";
      const count = this.upload ? this.upload.count + 1 : 1;
      this.upload = {name: file.name, size: file.size, text: text, count: count};
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


@solara.component
def Upload(label: str, limit_bytes: int, on_upload: Callable[[str, int, str], None]) -> None:
    """Calls `on_upload(name, size, text)` for each chosen file (text empty above the limit)."""

    def received(upload: dict | None) -> None:
        if upload:
            on_upload(upload["name"], upload["size"], upload["text"])

    UploadWidget.element(label=label, limit=limit_bytes, on_upload=received)
