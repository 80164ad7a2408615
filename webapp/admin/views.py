"""Admin pages: users, factories, customers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.admin import services
from webapp.admin.forms import CustomerForm, FactoryForm
from webapp.auth import services as accounts
from webapp.auth.forms import PasswordSetForm, UserForm
from webapp.auth.models import Role, User
from webapp.auth.permissions import role_required
from webapp.extensions import db
from webapp.orders.forms import StageTemplateForm
from webapp.orders.models import Customer, Factory, StageTemplate

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@role_required(Role.ADMIN)
def _admins_only() -> None:
    """Every admin page is for admins only."""


@bp.get("/")
def index():
    """Admin home: counts and links to each catalogue."""
    counts = {
        "users": db.session.scalar(sa.select(sa.func.count(User.id))),
        "factories": db.session.scalar(sa.select(sa.func.count(Factory.id))),
        "customers": db.session.scalar(sa.select(sa.func.count(Customer.id))),
    }
    return render_template("admin/index.html", counts=counts)


# --- users -----------------------------------------------------------------------------


@bp.get("/users")
def users():
    """All accounts, active first."""
    rows = db.session.scalars(sa.select(User).order_by(User.active.desc(), User.username))
    return render_template("admin/users.html", users=list(rows))


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    """Create an account; its first password is shown once."""
    form = UserForm(role=Role.FOLLOWER.value, language="zh_Hans")
    if form.validate_on_submit():
        password = accounts.generate_password()
        try:
            user = accounts.create_user(
                username=form.username.data.strip(),
                full_name=form.full_name.data.strip(),
                role=Role(form.role.data),
                language=form.language.data,
                active=form.active.data,
                password=password,
                by=current_user,
            )
        except accounts.UsernameTaken:
            form.username.errors.append(_("This username is already taken."))
        else:
            db.session.commit()
            return render_template("admin/password_shown.html", user=user, password=password)
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    """Edit role, language, active flag and names."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    if form.validate_on_submit():
        if user.id == current_user.id and (
            not form.active.data or form.role.data != Role.ADMIN.value
        ):
            form.role.errors.append(_("You cannot remove your own administrator access."))
        else:
            try:
                accounts.update_user(
                    user,
                    by=current_user,
                    username=form.username.data.strip(),
                    full_name=form.full_name.data.strip(),
                    role=Role(form.role.data),
                    language=form.language.data,
                    active=form.active.data,
                )
            except accounts.UsernameTaken:
                form.username.errors.append(_("This username is already taken."))
            else:
                db.session.commit()
                flash(_("Saved."), "success")
                return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user, pw_form=PasswordSetForm())


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int):
    """Reset a password: to the typed one, or to a generated one shown once."""
    user = db.get_or_404(User, user_id)
    form = PasswordSetForm()
    if not form.validate_on_submit():
        edit_form = UserForm(obj=user, formdata=None)
        return render_template("admin/user_form.html", form=edit_form, user=user, pw_form=form), 400
    password = form.password.data or accounts.generate_password()
    accounts.set_password(user, password, by=current_user)
    db.session.commit()
    return render_template("admin/password_shown.html", user=user, password=password)


# --- factories and customers ----------------------------------------------------------


@bp.get("/factories")
def factories():
    """All factories."""
    rows = db.session.scalars(sa.select(Factory).order_by(Factory.active.desc(), Factory.code))
    return render_template("admin/factories.html", factories=list(rows))


@bp.route("/factories/new", methods=["GET", "POST"], defaults={"factory_id": None})
@bp.route("/factories/<int:factory_id>", methods=["GET", "POST"])
def factory_edit(factory_id: int | None):
    """Create or edit a factory."""
    factory = db.get_or_404(Factory, factory_id) if factory_id else None
    form = FactoryForm(obj=factory)
    if form.validate_on_submit():
        data = {f: getattr(form, f).data for f in services.FACTORY_FIELDS}
        data = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        try:
            services.save_factory(factory, data, by=current_user)
        except services.CodeTaken:
            form.code.errors.append(_("This code is already used."))
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.factories"))
    return render_template("admin/factory_form.html", form=form, factory=factory)


@bp.get("/customers")
def customers():
    """All customers."""
    rows = db.session.scalars(sa.select(Customer).order_by(Customer.active.desc(), Customer.code))
    return render_template("admin/customers.html", customers=list(rows))


@bp.route("/customers/new", methods=["GET", "POST"], defaults={"customer_id": None})
@bp.route("/customers/<int:customer_id>", methods=["GET", "POST"])
def customer_edit(customer_id: int | None):
    """Create or edit a customer."""
    customer = db.get_or_404(Customer, customer_id) if customer_id else None
    form = CustomerForm(obj=customer)
    if form.validate_on_submit():
        data = {f: getattr(form, f).data for f in services.CUSTOMER_FIELDS}
        data = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        try:
            services.save_customer(customer, data, by=current_user)
        except services.CodeTaken:
            form.code.errors.append(_("This code is already used."))
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.customers"))
    return render_template("admin/customer_form.html", form=form, customer=customer)


# --- stage templates ------------------------------------------------------------------


@bp.get("/templates")
def templates():
    """Stage templates per product type."""
    rows = db.session.scalars(sa.select(StageTemplate).order_by(StageTemplate.product_type))
    return render_template("admin/templates.html", templates=list(rows))


@bp.route("/templates/new", methods=["GET", "POST"], defaults={"template_id": None})
@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
def template_edit(template_id: int | None):
    """Create or edit a stage template."""
    template = db.get_or_404(StageTemplate, template_id) if template_id else None
    form = StageTemplateForm(obj=template)
    if not form.is_submitted() and template is not None:
        while len(form.steps) > 0:
            form.steps.pop_entry()
        for step in template.steps:
            form.steps.append_entry(step)
        form.steps.append_entry()
        form.steps.append_entry()
    if form.validate_on_submit():
        steps = [
            {"name": e.form.name.data.strip(), "name_en": (e.form.name_en.data or "").strip(),
             "weight": e.form.weight.data or 1}
            for e in form.steps
            if (e.form.name.data or "").strip()
        ]  # fmt: skip
        if not steps:
            form.steps.errors = [_("Enter at least one stage.")]
        else:
            data = {"product_type": form.product_type.data, "name": form.name.data.strip(),
                    "name_en": (form.name_en.data or "").strip()}  # fmt: skip
            try:
                services.save_template(template, data, steps, by=current_user)
            except services.CodeTaken:
                form.product_type.errors = [_("This code is already used.")]
            else:
                db.session.commit()
                flash(_("Saved."), "success")
                return redirect(url_for("admin.templates"))
    return render_template("admin/template_form.html", form=form, template=template)


# --- defect catalogue -------------------------------------------------------------------


@bp.get("/defect-types")
def defect_types():
    """The defect catalogue, per product family."""
    from webapp.inspections.models import DefectType

    rows = db.session.scalars(
        sa.select(DefectType).order_by(DefectType.product_type, DefectType.code)
    )
    return render_template("admin/defect_types.html", defect_types=list(rows))


@bp.route("/defect-types/new", methods=["GET", "POST"], defaults={"type_id": None})
@bp.route("/defect-types/<int:type_id>", methods=["GET", "POST"])
def defect_type_edit(type_id: int | None):
    """Create or edit a defect type."""
    from webapp.inspections.forms import DefectTypeForm
    from webapp.inspections.models import DefectClass, DefectType

    defect_type = db.get_or_404(DefectType, type_id) if type_id else None
    form = DefectTypeForm(obj=defect_type)
    if form.validate_on_submit():
        data = {
            "code": form.code.data.strip().upper(), "name": form.name.data.strip(),
            "name_en": (form.name_en.data or "").strip(),
            "product_type": (form.product_type.data or "").strip().lower(),
            "default_class": DefectClass(form.default_class.data), "active": form.active.data,
        }  # fmt: skip
        try:
            services.save_defect_type(defect_type, data, by=current_user)
        except services.CodeTaken:
            form.code.errors = [_("This code is already used.")]
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.defect_types"))
    return render_template("admin/defect_type_form.html", form=form, defect_type=defect_type)
