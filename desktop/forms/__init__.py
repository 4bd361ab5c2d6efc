"""The form renderer: any loaded XLSForm as PySide6 widgets, saved through the registry.

Open a form from code::

    gateway = FormGateway(BackgroundRunner(store))  # or BackgroundRunner(store, synchronous=True)
    widget = FormWidget(load_form(path), store_gateway=gateway, language="zh")
    widget.submitted.connect(on_changes)
"""

from __future__ import annotations

from desktop.forms.catalog import FormEntry, builtin_forms
from desktop.forms.dialog import FormDialog
from desktop.forms.gateway import FormGateway
from desktop.forms.widget import FormWidget

__all__ = ["FormDialog", "FormEntry", "FormGateway", "FormWidget", "builtin_forms"]
