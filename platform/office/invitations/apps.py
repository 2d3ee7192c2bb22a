from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "office.invitations"
    label = "invitations"
    verbose_name = "Lời mời tham gia"
