"""The one error presenter: every failure shown to a user goes through ``show_error``."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import is_english
from registry.errors import BangfuError, ValidationError
from registry.field_labels import field_label

log = logging.getLogger(__name__)


def error_text(exc: BaseException, *, english: bool | None = None) -> str:
    """The message a user sees for ``exc``: the domain's own words, or a generic one; in
    the UI language unless ``english`` says otherwise."""
    if english is None:
        english = is_english()
    if isinstance(exc, ValidationError):
        return _validation_text(exc, english=english)
    if isinstance(exc, BangfuError):
        return exc.message_en if english else exc.message_zh
    if _is_sync_error(exc):
        return _sync_text(exc.kind)  # type: ignore[attr-defined]
    return QCoreApplication.translate("errors", "操作失败，请重试。如仍失败，请联系县人社局。")


def _validation_text(exc: ValidationError, *, english: bool) -> str:
    """The message of ``exc`` led by its field's label (``身份证号：…``) when the field has
    one the message does not already name; never the internal path (``person.id_number``)."""
    message = exc.message_en if english else exc.message_zh
    prop = exc.field.rsplit(".", 1)[-1]
    label = field_label(prop, english=english)
    if label == prop or label in message:
        return message
    return f"{label}: {message}" if english else f"{label}：{message}"


_SYNC_MESSAGES = {
    "network": QT_TRANSLATE_NOOP("errors", "无法连接县服务器。数据已安全保存在本机，联网后再同步即可。"),
    "auth": QT_TRANSLATE_NOOP("errors", "本设备的同步授权已失效，请联系县人社局重新注册设备。"),
    "scope": QT_TRANSLATE_NOOP("errors", "有记录不属于本设备负责的范围，服务器拒收。请联系县人社局。"),
    "server": QT_TRANSLATE_NOOP("errors", "县服务器暂时出错，请稍后再同步。数据已安全保存在本机。"),
    "rejected": QT_TRANSLATE_NOOP("errors", "服务器拒收了这批数据，本机数据未丢失。请联系县人社局。"),
    "tls": QT_TRANSLATE_NOOP("errors", "无法验证县服务器的证书，未发送任何数据。请确认服务器地址，并选择县人社局提供的根证书。"),
    "address": QT_TRANSLATE_NOOP("errors", "须以 https:// 开头，例如 https://jyfw.example.cn:8443；不加密的 http:// 只能连本机。"),
    "certificate": QT_TRANSLATE_NOOP("errors", "文件无法读取，或不是证书。请选择县人社局提供的 .pem 或 .crt 文件。"),
    "code": QT_TRANSLATE_NOOP("errors", "注册码无效或已被使用。请向县人社局索取新的注册码。"),
    "enrolled": QT_TRANSLATE_NOOP("errors", "本机已在该县服务器注册过。如需重新注册，请联系县人社局。"),
    "code_scope": QT_TRANSLATE_NOOP("errors", "注册码的辖区不包含本机档案的辖区，注册码未被使用。请向县人社局索取本辖区的注册码。"),
}


def _is_sync_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a ``sync.client.SyncError``, without importing the sync client
    (requests and urllib3: slow, and the unlock window needs none of it). If the client
    was never imported, no error can come from it."""
    client = sys.modules.get("sync.client")
    return client is not None and isinstance(exc, client.SyncError)


def _sync_text(kind: str) -> str:
    text = _SYNC_MESSAGES.get(kind, _SYNC_MESSAGES["server"])
    return QCoreApplication.translate("errors", text)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc`` in a dialog. Unexpected errors are logged by type only (no personal data)."""
    if not isinstance(exc, BangfuError):
        log.error("unexpected %s", type(exc).__name__)
    english = is_english()
    QMessageBox.warning(parent, QCoreApplication.translate("errors", "出错了"),
                        error_text(exc, english=english))
