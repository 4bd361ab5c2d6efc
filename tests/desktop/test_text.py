"""One helper fills translated strings' %1 … %9 markers, in one pass."""

from __future__ import annotations

from desktop.text import fill
from sync.client.enrolment import Connection


def test_a_value_containing_a_marker_is_not_read_again():
    assert fill("共 %1 户，%2 人", "%2", 3) == "共 %2 户，3 人"
    assert fill("%1（最后保存于 %2）", "表%2单", "11-22") == "表%2单（最后保存于 11-22）"
    # what chaining str.replace did with the same values:
    chained = "共 %1 户，%2 人".replace("%1", "%2").replace("%2", "3")
    assert chained == "共 3 户，3 人"


def test_markers_in_any_order_and_missing_arguments():
    assert fill("%2 / %1", "a", "b") == "b / a"
    assert fill("%1 and %3", "x") == "x and %3"
    assert fill("100% 完成 %1", 5) == "100% 完成 5"


def test_the_status_bar_keeps_a_percent_encoded_server_address(qtbot, store):
    from desktop.background import BackgroundRunner
    from desktop.main_window import MainWindow

    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    url = "https://jyfw.example.cn/a%2Fb"
    window.sync_menu._connected(Connection(url, "t", "village", "361130", None, ""))
    assert window.statusBar().currentMessage() == f"已连接县服务器 {url}（辖区 361130），可以同步了"
    runner.wait()
