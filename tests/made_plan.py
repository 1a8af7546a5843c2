"""A small plan written by the tests (invented text): three tasks under two sections, one with a
quarter deadline, one recurring (no deadline), one 'Trước' deadline, and an extra cost column."""

from __future__ import annotations

from pathlib import Path

PLAN = (
    "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "TỈNH QUẢNG TRỊ\tĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 7/KH-UBND\tQuảng Trị, ngày 3 tháng 4 năm 2024\n"
    "\n"
    "KẾ HOẠCH\n"
    "Thử nghiệm thư viện dữ liệu\n"
    "\n"
    "TT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian hoàn thành\tKinh phí (triệu đồng)\n"
    "I\tCải cách thủ tục\n"
    "1\tRà soát thủ tục hành chính\tSở Tư pháp\tSở Nội vụ, Sở Tài chính\tQuý II/2024\t100\n"
    "2\tCông bố danh mục\tSở Nội vụ\t\tThường xuyên\t\n"
    "II\tTuyên truyền\n"
    "1\tIn tài liệu\tSở Văn hóa, Thể thao và Du lịch\tSở Tư pháp\tTrước 30/9/2024\t50\n"
    "\n"
    "KT. CHỦ TỊCH\n"
    "PHÓ CHỦ TỊCH\n"
    "Nguyễn Văn A\n"
)
TASK_IDS = ["I.1", "I.2", "II.1"]
DEADLINES = {"I.1": "2024-06-30", "II.1": "2024-09-30"}  # I.2 is recurring: no deadline
EXTRA = "Kinh phí (triệu đồng)"


def write_plan(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PLAN, encoding="utf-8")
    return path
