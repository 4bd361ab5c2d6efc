"""显示: the button beside a masked ID or phone number.

It is on only for a role allowed to see full numbers (``registry.accounts.may(role,
"reveal")``, the role read when a record is shown); otherwise it is off with a tooltip
saying why. A click asks the DB thread
for the value through ``registry.audit.reveal`` (which audits it), shows it for
``REVEAL_SECONDS`` and masks it again; 隐藏 masks it at once.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop import accounts_ops
from desktop.background import BackgroundRunner
from desktop.text import fill
from registry import accounts

REVEAL_SECONDS = 30


class RevealButton(QPushButton):
    """Shows the full ``field`` of the record set with ``set_target`` in ``label``."""

    def __init__(self, runner: BackgroundRunner, label: QLabel, field: str,
                 parent: QWidget | None = None, *, seconds: int = REVEAL_SECONDS) -> None:
        super().__init__(parent)
        self.setText(self.tr("显示"))
        self.runner, self.label, self.field = runner, label, field
        self.seconds = seconds
        self.entity_id: str | None = None
        self.masked = ""
        self.allowed = False
        self.shown = False
        self.timer = QTimer(self, singleShot=True, interval=seconds * 1000)
        self.timer.timeout.connect(self.hide_value)
        self.clicked.connect(self._clicked)
        self._update()

    def set_role(self, role: str) -> None:
        """Enable the button if ``role`` may reveal full numbers."""
        self.allowed = accounts.may(role, "reveal")
        self._update()

    def set_target(self, entity_id: str | None, masked: str) -> None:
        """The record whose number ``label`` shows, masked (or none)."""
        self.timer.stop()
        self.entity_id, self.masked, self.shown = entity_id, masked, False
        self.label.setText(masked or "—")
        self._update()
        if entity_id and masked:  # the role is read each time: it may have changed
            accounts_ops.my_role(self.runner, self).success(self.set_role).run()

    def _clicked(self) -> None:
        if self.shown:
            self.hide_value()
        elif self.entity_id:
            wanted = self.entity_id
            accounts_ops.reveal(self.runner, self, wanted, self.field).success(
                lambda value: self._show(wanted, value)).run()

    def _show(self, entity_id: str, value: str) -> None:
        if entity_id != self.entity_id:  # another record was opened meanwhile
            return
        self.shown = True
        self.label.setText(value or "—")
        self.timer.start()
        self._update()

    def hide_value(self) -> None:
        """Mask the number again."""
        self.timer.stop()
        self.shown = False
        self.label.setText(self.masked or "—")
        self._update()

    def _update(self) -> None:
        self.setText(self.tr("隐藏") if self.shown else self.tr("显示"))
        self.setEnabled(self.allowed and bool(self.entity_id and self.masked))
        if not self.allowed:
            self.setToolTip(self.tr("只有审核员/第一书记或县级管理员可以查看完整号码"))
        else:
            self.setToolTip(fill(self.tr("显示完整号码 %1 秒（每次查看都记入审计日志）"),
                                 self.seconds))
