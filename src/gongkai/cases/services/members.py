"""An agency administrator's work: who holds which role in the agency. Every change is
written to the audit log."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.cases import access
from gongkai.cases.errors import ActionError
from gongkai.cases.models import Agency, Membership, Role
from gongkai.cases.services.audit import Actor, record

__all__ = ["add_member", "remove_member"]


def _admin(actor: Actor, agency: Agency) -> None:
    if actor is None or not access.can(actor, Role.ADMIN, agency):
        raise ActionError(f"您不是{agency.name}的机构管理员，不能管理人员")


@transaction.atomic
def add_member(
    agency: Agency,
    actor: Actor,
    *,
    username: str,
    role: str,
    name: str = "",
    email: str = "",
    password: str = "",
) -> Membership:
    """Give ``username`` a role; a new account is created when the name is new."""
    _admin(actor, agency)
    if role not in Role.values:
        raise ActionError("角色：请选择经办人、审核人、机构管理员或上级政务公开办")
    username = username.strip()
    if not username:
        raise ActionError("用户名：不能为空")
    user = User.objects.filter(username=username).first()
    if user is None:
        if not name.strip():
            raise ActionError("姓名：新建账号时不能为空")
        try:
            validate_password(password)
        except ValidationError as e:
            raise ActionError("密码：" + "".join(e.messages)) from None
        user = User.objects.create_user(username, email, password, first_name=name.strip())
    if Membership.objects.filter(user=user, agency=agency, role=role).exists():
        raise ActionError(f"用户名：{username}已是本机关的{Role(role).label}")
    m = Membership.objects.create(user=user, agency=agency, role=role)
    record("member_added", f"{username}担任{Role(role).label}", actor=actor, agency=agency)
    return m


@transaction.atomic
def remove_member(membership: Membership, actor: Actor) -> None:
    _admin(actor, membership.agency)
    if membership.user_id == getattr(actor, "pk", None) and membership.role == Role.ADMIN:
        raise ActionError("不能取消自己的机构管理员岗位")
    what = f"{membership.user.username}不再担任{membership.get_role_display()}"
    agency = membership.agency
    membership.delete()
    record("member_removed", what, actor=actor, agency=agency)
