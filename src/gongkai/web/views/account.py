"""Applicant accounts: optional. A signed-in applicant's requests are linked to the account
and listed on 我的申请; each request stays reachable by tracking number and code too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.cases.models import DisclosureRequest
from gongkai.web.forms import NamedErrors

if TYPE_CHECKING:  # UserCreationForm is generic only in the type stubs
    _UserCreation = UserCreationForm[User]
else:
    _UserCreation = UserCreationForm


class RegisterForm(NamedErrors, _UserCreation):
    first_name = forms.CharField(label="姓名/名称", max_length=100)
    email = forms.EmailField(label="电子邮箱")

    class Meta:
        model = User
        fields = ("username", "first_name", "email")


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("portal:mine")
    return render(request, "portal/register.html", {"form": form})


def mine(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "portal:login")
    own = DisclosureRequest.objects.filter(account=request.user).select_related("agency")
    return render(request, "portal/mine.html", {"requests": own})
