"""The Word documents: context, templates, rendering, typesetting, the chart, verification."""
