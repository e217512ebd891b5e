"""The dashboard: server-rendered pages over the API's data, charts with Plotly."""
