"""Passwords are stored with Argon2; a hash of an older hasher still works and is upgraded at sign-in."""

from django.contrib.auth.hashers import make_password
from django.test import Client

from office.accounts.models import User
from office.accounts.services import ensure_user


def test_a_new_password_is_stored_as_argon2(db):
    assert make_password("mat-khau-moi-2026").startswith("argon2$argon2id$")
    user = ensure_user(username="matkhau.moi", full_name="Người Mới", password="mat-khau-moi-2026")
    assert User.objects.get(pk=user.pk).password.startswith("argon2$")


def test_an_older_pbkdf2_hash_still_signs_in_and_is_rehashed_with_argon2(world):
    user = ensure_user(username="matkhau.cu", full_name="Người Cũ", password=None)
    User.objects.filter(pk=user.pk).update(password=make_password("mat-khau-cu-2024", hasher="pbkdf2_sha256"))
    client = Client(HTTP_HOST="localhost")
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": "matkhau.cu", "password": "mat-khau-cu-2024"}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).password.startswith("argon2$")
