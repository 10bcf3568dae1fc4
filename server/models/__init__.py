"""SQLAlchemy 2 typed models. Rows only: no serialisation, no business rules."""

from server.models.audit import ChainHead, Event
from server.models.auth import LoginFailure, Token
from server.models.ledger import Attachment, Item, Report, Visit
from server.models.merge import Suggestion
from server.models.org import Area, Assignment, Category, Unit, User
from server.models.photo import Flag, PendingPhoto, Photo
from server.models.project import Milestone, Project, ProjectProgress, ProjectVerification
from server.models.publication import Feedback, Publication
from server.models.spotcheck import SpotCheck, SpotCheckEntry
from server.models.sync import Mutation

__all__ = ["Area", "Assignment", "Attachment", "Category", "ChainHead", "Event", "Feedback",
           "Flag", "Item", "LoginFailure", "Milestone", "Mutation", "PendingPhoto", "Photo",
           "Project", "ProjectProgress", "ProjectVerification", "Publication", "Report",
           "SpotCheck", "SpotCheckEntry", "Suggestion", "Token", "Unit", "User", "Visit"]
