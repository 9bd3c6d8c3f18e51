"""The AI system card: one entry of the public register, drawn from the UK Algorithmic
Transparency Recording Standard and the EU AI Act's register of high-risk systems.

A snippet (not a page) so one system can be consulted on more than once and the register
lists every system in one place. Revisions, drafts and locking come from Wagtail's mixins;
English and French versions share a `translation_key` and, by convention, a slug.
"""

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, TranslatableMixin
from wagtail.search import index

from accounts.models import StakeholderGroup
from consult.consultations import impact
from consult.consultations.admin_forms import AISystemForm
from consult.consultations.aia import survey as aia_survey
from consult.consultations.blocks import LinkBlock
from consult.consultations.fields import AnswerField, ChoiceListField
from consult.core.readability import ReadingEase, reading_ease, reading_ease_score


class LifecyclePhase(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PILOT = "pilot", _("Pilot")
    DEPLOYED = "deployed", _("Deployed")
    RETIRED = "retired", _("Retired")


class PublicationCategory(models.TextChoices):
    """The categories public registers sort algorithms into (the Dutch register's
    publication categories)."""

    HIGH_RISK = "high_risk", _("High-risk AI system (EU AI Act)")
    IMPACTFUL = "impactful", _("Impactful algorithm")
    OTHER = "other", _("Other algorithm")


class DecisionMode(models.TextChoices):
    FULLY_AUTOMATED = "fully_automated", _("Fully automated")
    HUMAN_IN_THE_LOOP = "human_in_the_loop", _("Human in the loop")
    DECISION_SUPPORT = "decision_support", _("Decision support")


class DataCategory(models.TextChoices):
    PERSONAL = "personal", _("Personal data")
    BIOMETRIC = "biometric", _("Biometric data")
    SPECIAL_CATEGORY = "special_category", _("Special-category data")


class Right(models.TextChoices):
    PRIVACY = "privacy", _("Privacy")
    EXPRESSION = "expression", _("Freedom of expression")
    ASSEMBLY = "assembly", _("Freedom of assembly")
    NON_DISCRIMINATION = "non_discrimination", _("Non-discrimination")
    MOVEMENT = "movement", _("Freedom of movement")
    RELIGION = "religion", _("Freedom of religion")
    DUE_PROCESS = "due_process", _("Due process")


def _answer(key: str) -> AnswerField:
    question = impact.QUESTIONS_BY_KEY[key]
    return AnswerField(
        question.label,
        choices=[(choice.value, choice.label) for choice in question.choices],
        help_text=question.help_text,
    )


class AISystem(
    DraftStateMixin, LockableMixin, RevisionMixin, TranslatableMixin, index.Indexed, models.Model
):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        allow_unicode=False,
        help_text=_(
            "The last part of the register address. Leave empty to make one from the name. "
            "Keep the same slug in every language."
        ),
    )
    deploying_body = models.CharField(
        _("deploying body"),
        max_length=200,
        help_text=_("The public body that owns the system and answers for it."),
    )
    supplier = models.CharField(
        _("supplier"), max_length=200, blank=True, help_text=_("Who built or sells it, if not us.")
    )
    purpose = models.TextField(_("purpose"), help_text=_("What the system is for."))
    scope = models.TextField(_("scope"), blank=True, help_text=_("Where and for whom it is used."))
    not_for = models.TextField(
        _("what it is not for"),
        blank=True,
        help_text=_("Uses it must not be put to, and decisions it does not make."),
    )
    model_type = models.CharField(
        _("type of model"),
        max_length=200,
        blank=True,
        help_text=_("e.g. rules engine, gradient-boosted trees, large language model."),
    )
    lifecycle_phase = models.CharField(
        _("lifecycle phase"),
        max_length=20,
        choices=LifecyclePhase.choices,
        default=LifecyclePhase.PROPOSED,
    )
    decision_mode = models.CharField(
        _("how it decides"),
        max_length=20,
        choices=DecisionMode.choices,
        default=DecisionMode.DECISION_SUPPORT,
    )
    human_oversight = models.TextField(
        _("human decisions and oversight"),
        blank=True,
        help_text=_("Which decisions people take, and how they check the system."),
    )
    redress = models.TextField(
        _("appeals, review and redress"),
        blank=True,
        help_text=_("How someone can challenge an outcome and have it reviewed by a person."),
    )
    data_categories = ChoiceListField(
        _("data used"), item_choices=DataCategory.choices, help_text=_("Tick all that apply.")
    )
    data_sources = models.TextField(_("data sources"), blank=True)
    people_affected = models.TextField(
        _("people affected"), blank=True, help_text=_("Who the system's outputs are about.")
    )
    affected_groups = ChoiceListField(
        _("affected stakeholder groups"),
        item_choices=StakeholderGroup.choices,
        help_text=_("Used to compare who takes part in consultations with who is affected."),
    )
    rights_at_risk = ChoiceListField(_("rights at risk"), item_choices=Right.choices)
    is_remote_biometric_identification = models.BooleanField(
        _("remote biometric identification"),
        default=False,
        help_text=_("It identifies people at a distance from their face, gait, voice, etc."),
    )
    is_automated_content_moderation = models.BooleanField(
        _("automated content moderation"),
        default=False,
        help_text=_("It removes, ranks or holds what people publish."),
    )
    impact_assessment_links = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("impact assessment links"),
        blank=True,
        help_text=_("Data protection, equality or algorithmic impact assessments."),
    )
    risks_and_mitigations = models.TextField(_("risks and mitigations"), blank=True)
    maintenance = models.TextField(
        _("monitoring and maintenance"),
        blank=True,
        help_text=_("How the system is watched, checked and updated once in use."),
    )
    benefits = models.TextField(
        _("benefits"), blank=True, help_text=_("What using the system is expected to improve.")
    )
    previous_process = models.TextField(
        _("previous process"),
        blank=True,
        help_text=_("How the task was done before, or is done without the system."),
    )
    alternatives_considered = models.TextField(
        _("alternatives considered"),
        blank=True,
        help_text=_("Other ways of meeting the purpose, and why they were not chosen."),
    )
    process_integration = models.TextField(
        _("place in the decision process"),
        blank=True,
        help_text=_("Where in the process the system is used, and what happens with its output."),
    )
    outputs = models.TextField(
        _("what it gives the people using it"),
        blank=True,
        help_text=_("e.g. an alert, a score, a suggested answer."),
    )
    required_training = models.TextField(
        _("training of staff"),
        blank=True,
        help_text=_("What the people who use the system learn before they do."),
    )
    # The register records: who answers for the system, on what legal footing, since when.
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Where the public and the press can ask about the system."),
    )
    website = models.URLField(
        _("web page"),
        max_length=500,
        blank=True,
        help_text=_("The deploying body's own page about the system, if it has one."),
    )
    responsible_team = models.CharField(
        _("responsible team"),
        max_length=200,
        blank=True,
        help_text=_("The team within the deploying body that runs the system."),
    )
    senior_responsible_owner = models.CharField(
        _("senior responsible owner"),
        max_length=200,
        blank=True,
        help_text=_("The role (not the name) of the person accountable for the system."),
    )
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_("The law or decision that allows the process the system is used in."),
    )
    publication_category = models.CharField(
        _("register category"),
        max_length=20,
        choices=PublicationCategory.choices,
        blank=True,
        help_text=_("How public algorithm registers classify the system."),
    )
    start_date = models.DateField(
        _("in use since"), null=True, blank=True, help_text=_("Leave empty until it is in use.")
    )
    end_date = models.DateField(
        _("in use until"), null=True, blank=True, help_text=_("Once it is no longer used.")
    )
    source_code_url = models.URLField(
        _("source code"),
        max_length=500,
        blank=True,
        help_text=_("Where the public can read the system's source code, if they can."),
    )
    # blank=False without being required on save: Wagtail lets drafts leave it empty and
    # refuses to publish without it.
    plain_language_explainer = models.TextField(
        _("plain-language explainer"),
        help_text=_(
            "What the system does and what it means for people, in words anyone can follow. "
            "Required before publishing."
        ),
    )
    # Derived from the explainer whenever the card is cleaned or saved, so a revision and
    # the live card carry the score of their own text and no page computes it per view.
    plain_language_reading_ease = models.PositiveSmallIntegerField(
        _("reading ease of the explainer"), null=True, blank=True, editable=False
    )

    impact_decision_area = _answer("decision_area")
    impact_reversibility = _answer("reversibility")
    impact_duration = _answer("duration")
    impact_scale = _answer("scale")
    impact_vulnerable_groups = _answer("vulnerable_groups")
    impact_automation = _answer("automation")
    impact_personal_data = _answer("personal_data")
    impact_explainability = _answer("explainability")
    impact_novelty = _answer("novelty")
    impact_rights = _answer("rights")
    impact_bias_testing = _answer("bias_testing")
    impact_human_override = _answer("human_override")
    impact_consultation = _answer("consultation")
    impact_audit = _answer("audit")
    impact_monitoring = _answer("monitoring")
    impact_recourse = _answer("recourse")
    # An assessment imported from the official AIA tool (admin_forms.AISystemForm reads the
    # file): when present, the card's level is the official one.
    aia_answers = models.JSONField(_("official AIA answers"), default=dict, editable=False)
    aia_tool_version = models.CharField(
        _("version of the official impact assessment tool"),
        max_length=20,
        blank=True,
        editable=False,
    )
    aia_obligations_done = ChoiceListField(
        _("obligations met"),
        item_choices=impact.OBLIGATION_CHOICES,
        help_text=_("Tick each requirement of the impact level the deploying body has met."),
    )

    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("purpose"),
        index.SearchField("deploying_body"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
        index.FilterField("live"),
    ]

    base_form_class = AISystemForm

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("AI system")
        verbose_name_plural = _("AI systems")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_ai_system_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            self.measure_reading_ease()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("ai_systems:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        self.measure_reading_ease()

    def measure_reading_ease(self) -> None:
        self.plain_language_reading_ease = reading_ease_score(
            self.plain_language_explainer, self._language()
        )

    def _language(self) -> str:
        return self.locale.language_code if self.locale_id else ""

    @property
    def explainer_reading_ease(self) -> ReadingEase | None:
        return reading_ease(self.plain_language_reading_ease, self._language())

    def clean_fields(self, exclude=None) -> None:
        if self.aia_answers:
            # An imported official assessment stands in for the card's own questions, which
            # may then stay unanswered (an answer given must still be one of the choices).
            unanswered = {q.field_name for q in impact.QUESTIONS if not getattr(self, q.field_name)}
            exclude = {*(exclude or ()), *unanswered}
        super().clean_fields(exclude=exclude)

    @property
    def impact_answers(self) -> dict[str, str]:
        return {q.key: getattr(self, q.field_name) for q in impact.QUESTIONS}

    @cached_property
    def assessment(self) -> impact.Assessment:
        if self.aia_answers:
            return aia_survey.score(self.aia_answers)
        return impact.assess(self.impact_answers)

    @property
    def obligations(self) -> list[tuple[impact.Obligation, bool]]:
        """Each requirement of the card's level, with whether it is ticked as met."""
        done = set(self.aia_obligations_done)
        return [(duty, duty.key in done) for duty in impact.obligations_for(self.assessment.level)]

    @property
    def impact_rows(self) -> dict[str, list[tuple[impact.Question, impact.Choice | None]]]:
        """Each question with the chosen answer, raw-impact and mitigation apart."""
        answers = self.impact_answers
        return {
            kind: [(q, q.choice_for(answers[q.key])) for q in questions]
            for kind, questions in (
                ("raw", impact.RAW_QUESTIONS),
                ("mitigation", impact.MITIGATION_QUESTIONS),
            )
        }

    @property
    def top_risks(self) -> list[tuple[impact.Question, impact.Choice]]:
        """The impact answers that weigh most (at least half their question's points),
        heaviest first: what the card names as the main risks. None when the level comes from
        an official assessment: these answers did not make it."""
        if self.aia_answers:
            return []
        heavy = [
            (question, choice)
            for question, choice in self.impact_rows["raw"]
            if choice is not None and choice.points * 2 >= question.max_points > 0
        ]
        heavy.sort(key=lambda row: row[1].points / row[0].max_points, reverse=True)
        return heavy[: impact.TOP_RISKS]

    def labels(self, field_name: str) -> list[str]:
        return self._meta.get_field(field_name).labels(getattr(self, field_name))

    @property
    def data_category_labels(self) -> list[str]:
        return self.labels("data_categories")

    @property
    def affected_group_labels(self) -> list[str]:
        return self.labels("affected_groups")

    @property
    def rights_at_risk_labels(self) -> list[str]:
        return self.labels("rights_at_risk")
