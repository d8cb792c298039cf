from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import coordination, pages, submission

app_name = "needs"

urlpatterns = [
    path(_("needs/"), pages.public_list, name="public"),
    path("needs/states.css", pages.state_styles, name="state_styles"),
    path(_("needs/new/"), submission.step, name="submit"),
    path(_("needs/new/start-over/"), submission.start_over, name="start_over"),
    path(_("needs/new/check/"), submission.review, name="review"),
    path(_("needs/new/preview/"), submission.preview, name="preview"),
    path(_("needs/new/<slug:step>/"), submission.step, name="submit_step"),
    path(_("needs/sent/<str:reference>/"), submission.sent, name="sent"),
    path(_("needs/confirm/<str:token>/"), submission.confirm_email, name="confirm"),
    path(_("needs/follow/<str:token>/"), pages.follow, name="follow"),
    path(_("needs/answer/<str:token>/"), pages.answer_by_link, name="answer"),
    path(_("needs/mine/"), pages.mine, name="mine"),
    path(_("needs/link-again/"), pages.link_again, name="link_again"),
    path(_("needs/inbox/"), coordination.inbox_view, name="inbox"),
    path(_("needs/board/"), coordination.board_view, name="board"),
    path(_("needs/inbox/views/"), coordination.save_view, name="save_view"),
    path(_("needs/inbox/views/<int:pk>/delete/"), coordination.delete_view, name="delete_view"),
    path(_("needs/inbox/assign/"), coordination.bulk_assign_view, name="bulk_assign"),
    path(_("needs/states/<slug:slug>/"), coordination.states_edit, name="states"),
    path(_("needs/<str:reference>/"), pages.detail, name="detail"),
    path(_("needs/<str:reference>/answer/"), pages.answer_here, name="answer_here"),
    path(_("needs/<str:reference>/reply/"), pages.reply, name="reply"),
    path(
        _("needs/<str:reference>/contact/<int:pk>/"),
        coordination.contact_compose,
        name="contact_compose",
    ),
    path(
        _("needs/<str:reference>/collaboration/"),
        coordination.collaboration_review,
        name="collaboration_review",
    ),
    path(_("needs/<str:reference>/<slug:action>/"), coordination.act, name="act"),
]
