"""Bình đẳng giới Plans Explorer: `streamlit run dashboard.py`."""

import streamlit as st

from explorer.i18n import t

PAGES = [
    # (file, Vietnamese title, English title, icon)
    ("pages/overview.py", "Tổng quan", "Overview", ":material/dashboard:"),
    ("pages/targets.py", "Chỉ tiêu", "Targets", ":material/flag:"),
]


def run() -> None:
    st.set_page_config(page_title="Bình đẳng giới Plans Explorer", page_icon=":material/balance:", layout="wide")
    pages = [st.Page(path, title=t(vi, en), icon=icon, default=(i == 0), url_path=path.split("/")[-1][:-3])
             for i, (path, vi, en, icon) in enumerate(PAGES)]
    st.navigation(pages).run()


if __name__ == "__main__":  # `streamlit run` and AppTest execute the file as __main__
    run()
