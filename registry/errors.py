"""One typed error family for the domain. The GUI maps kinds to messages in one place.

Messages never contain personal data (names, ID numbers, phone numbers); where a
value must be referred to, it is masked first (see ``registry.masking``).
"""

from __future__ import annotations

from registry.wording import counted


class BangfuError(Exception):
    """Base of every error the domain raises on purpose."""

    message_zh: str = "发生错误"
    message_en: str = "An error occurred"

    def __str__(self) -> str:
        return self.message_zh


class ValidationError(BangfuError):
    """A field value is invalid. ``field`` is the path of the field, e.g. ``person.id_number``."""

    def __init__(self, field: str, message_zh: str, message_en: str) -> None:
        super().__init__(field, message_zh, message_en)
        self.field = field
        self.message_zh = message_zh
        self.message_en = message_en

    def __str__(self) -> str:
        return f"{self.field}: {self.message_zh}"


class WrongPassphrase(BangfuError):
    """The passphrase does not unlock any key slot of this user."""

    def __init__(self, *, failures: int, wait_seconds: float) -> None:
        super().__init__(failures, wait_seconds)
        self.failures = failures
        self.wait_seconds = wait_seconds
        self.message_zh = f"密码错误（已连续失败 {failures} 次）"
        self.message_en = f"Wrong passphrase ({counted(failures, 'failed attempt')} in a row)"


class NoRecoverySlot(WrongPassphrase):
    """The profile has no recovery slot sealed to this county recovery key."""

    def __init__(self) -> None:
        super().__init__(failures=0, wait_seconds=0.0)
        self.message_zh = "此档案没有该县级恢复密钥的恢复槽（档案从未同步过，或密钥不是本县的）"
        self.message_en = ("This profile has no recovery slot for this county key (never synced,"
                           " or another county's key)")


class LockedOut(BangfuError):
    """Too many failed unlocks: unlocking waits until ``wait_seconds`` have passed."""

    def __init__(self, *, wait_seconds: float) -> None:
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds
        self.message_zh = f"失败次数过多，请 {int(wait_seconds) + 1} 秒后再试"
        self.message_en = f"Too many failed attempts; try again in {int(wait_seconds) + 1} s"


class UnknownUser(BangfuError):
    """No key slot exists for this user name on this profile."""

    message_zh = "此设备上没有该用户"
    message_en = "No such user on this device"


class WeakPassphrase(BangfuError):
    """A new passphrase does not meet the policy (8+ characters, 3 character classes)."""

    message_zh = "密码至少 8 位，且包含大写字母、小写字母、数字、符号中的三类"
    message_en = "A passphrase needs 8+ characters from at least 3 of: upper, lower, digit, symbol"


class NotEncrypted(BangfuError):
    """The database driver is not SQLCipher: refuse rather than write plaintext."""

    message_zh = "数据库驱动不支持加密（不是 SQLCipher），已拒绝打开"
    message_en = "The database driver is not SQLCipher; refusing to open"


class CorruptProfile(BangfuError):
    """A profile file is missing, damaged or of an unknown format."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what
        self.message_zh = f"配置文件损坏或缺失：{what}"
        self.message_en = f"Profile file damaged or missing: {what}"


class NotFound(BangfuError):
    """No entity with this id (or it was merged away and the redirect is gone)."""

    def __init__(self, entity_id: str) -> None:
        super().__init__(entity_id)
        self.entity_id = entity_id
        self.message_zh = f"找不到记录 {entity_id[:8]}"
        self.message_en = f"No record {entity_id[:8]}"


class SchemaTooNew(BangfuError):
    """The file was written by a newer version of Bangfu."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(found, known)
        self.message_zh = f"数据文件版本 {found} 比本程序支持的 {known} 新，请升级程序"
        self.message_en = f"Data file schema {found} is newer than supported {known}; upgrade Bangfu"


class UpgradeFailed(BangfuError):
    """A schema upgrade step failed; it was rolled back, the file stays at ``kept``."""

    def __init__(self, step: int, kept: int) -> None:
        super().__init__(step, kept)
        self.step, self.kept = step, kept
        self.message_zh = (f"数据库升级到第 {step} 版失败。该步已撤销，数据未改动（仍为第 {kept} 版）。"
                           "请再试一次；如仍失败，请联系县人社局。")
        self.message_en = (f"Upgrading the database to schema {step} failed. That step was "
                           f"undone and the data is unchanged (schema {kept}). Try again; if "
                           "it fails again, contact the county office.")
