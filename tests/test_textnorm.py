import pytest

from loaders.textnorm import clean_spaces, fold, nfc, sort_key


@pytest.mark.parametrize(("text", "folded"), [
    ("Bình Đẳng Giới", "binh dang gioi"),
    ("đ Đ đd", "d d dd"),
    ("Thừa  Thiên\u00a0Huế", "thua thien hue"),
    ("Ủy ban nhân dân", "uy ban nhan dan"),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_nfc_composes_decomposed_text():
    decomposed = "Bi\u0300nh"
    assert nfc(decomposed) == "Bình"
    assert len(nfc(decomposed)) == 4


def test_clean_spaces_turns_nbsp_into_space():
    assert clean_spaces("a\u00a0\u00a0b\u202fc ") == "a b c"


@pytest.mark.parametrize(("words", "ordered"), [
    (["Đà Nẵng", "Bắc Kạn", "An Giang", "Cà Mau", "Dak Lak"], ["An Giang", "Bắc Kạn", "Cà Mau", "Dak Lak", "Đà Nẵng"]),
    (["ăn", "an", "ấn", "bạn"], ["an", "ăn", "ấn", "bạn"]),
    (["Bà Rịa", "Ba", "Bạc Liêu"], ["Ba", "Bà Rịa", "Bạc Liêu"]),
    (["Thừa Thiên Huế", "Thanh Hóa", "Tuyên Quang"], ["Thanh Hóa", "Thừa Thiên Huế", "Tuyên Quang"]),
])
def test_vietnamese_collation(words, ordered):
    assert sorted(words, key=sort_key) == ordered
