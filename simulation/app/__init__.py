"""The classroom app (Solara): the page (`app`), its controls and views, one browser session's
houses (`session`), the SVG drawings (`svg`), upload and download widgets and the offline server
(`server`). It may import `simulation.house`, `simulation.interventions` and `simulation.i18n`;
nothing outside the app imports it but `simulation.cli`.
"""
