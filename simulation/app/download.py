"""A download button that builds its file only when clicked.

Solara's FileDownload renders its button as a nested `<jupyter-widget>`, which Solara 1.58's
Vue 3 front-end leaves empty (no button appears). This widget keeps the same protocol (the
browser asks, the server fills `bytes`, the browser saves a Blob) with the button inside the
template itself.
"""

from __future__ import annotations

from collections.abc import Callable

import ipyvuetify
import solara
import traitlets

TEMPLATE = """
<template>
  <v-btn variant="outlined" :loading="request_download" @click="request_download = true"
         class="sam-download">{{ label }}</v-btn>
</template>
<script>
module.exports = {
  watch: {
    bytes(value) {
      if (!value || !this.request_download) return;
      const url = window.URL.createObjectURL(new Blob([value], {type: this.mime_type}));
      const link = document.createElement('a');
      link.download = this.filename;
      link.href = url;
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      setTimeout(() => window.URL.revokeObjectURL(url), 1000);
      this.request_download = false;
    }
  }
}
</script>
"""


class DownloadWidget(ipyvuetify.VuetifyTemplate):
    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    label = traitlets.Unicode().tag(sync=True)
    filename = traitlets.Unicode().tag(sync=True)
    mime_type = traitlets.Unicode("text/csv").tag(sync=True)
    bytes = traitlets.Bytes(None, allow_none=True).tag(sync=True)
    request_download = traitlets.Bool(False).tag(sync=True)


@solara.component
def Download(label: str, filename: str, data: Callable[[], str]) -> None:
    """A button that saves `data()` (computed on click, UTF-8) as `filename`."""
    requested, set_requested = solara.use_state(False)
    DownloadWidget.element(label=label, filename=filename,
                           bytes=data().encode("utf-8") if requested else None,
                           request_download=requested, on_request_download=set_requested)
