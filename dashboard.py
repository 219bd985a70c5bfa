"""Bình đẳng giới Plans Explorer: `streamlit run dashboard.py`."""

import streamlit as st

from explorer.i18n import t

PAGES = [
    # (file, Vietnamese title, English title, icon)
    ("pages/overview.py", "Tổng quan", "Overview", ":material/dashboard:"),
    ("pages/targets.py", "Chỉ tiêu", "Targets", ":material/flag:"),
    ("pages/activities.py", "Hoạt động", "Activities", ":material/list:"),
    ("pages/agencies.py", "Cơ quan", "Agencies", ":material/account_tree:"),
    ("pages/citations.py", "Văn bản căn cứ", "Citations", ":material/gavel:"),
    ("pages/timeline.py", "Lịch", "Timeline", ":material/calendar_month:"),
    ("pages/map.py", "Bản đồ", "Map", ":material/map:"),
    ("pages/unit_profile.py", "Hồ sơ địa phương", "Unit profile", ":material/location_city:"),
    ("pages/plan_detail.py", "Chi tiết kế hoạch", "Plan detail", ":material/description:"),
    ("pages/compare.py", "So sánh", "Compare", ":material/compare:"),
    ("pages/search.py", "Tìm kiếm", "Search", ":material/search:"),
    ("pages/import_documents.py", "Nhập văn bản", "Import", ":material/upload_file:"),
    ("pages/review.py", "Rà soát", "Review", ":material/rule:"),
    ("pages/presentation.py", "Trình chiếu", "Presentation", ":material/slideshow:"),
    ("pages/export.py", "Xuất dữ liệu", "Export", ":material/download:"),
]


def run() -> None:
    st.set_page_config(page_title="Bình đẳng giới Plans Explorer", page_icon=":material/balance:", layout="wide")
    pages = [st.Page(path, title=t(vi, en), icon=icon, default=(i == 0), url_path=path.split("/")[-1][:-3])
             for i, (path, vi, en, icon) in enumerate(PAGES)]
    st.navigation(pages).run()


if __name__ == "__main__":  # `streamlit run` and AppTest execute the file as __main__
    run()
