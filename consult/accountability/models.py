"""The fundamental rights impact assessment of an AI system (EU AI Act, Art. 27), and the
deployer's registration in the EU database that summarises it (Annex VIII, section C).

A snippet like the AI system card: drafts, revisions and a French version sharing the English
one's `translation_key`. The six elements of Art. 27(1) are its fields (a) to (f); the groups
(c) and risks (d) are lists whose items cite the contributions that raised them. The
registration fields live here rather than on the card: they are the deployer's filing, made
once the assessment is done, and section C asks for a summary of this very document.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, RevisionMixin, TranslatableMixin

from consult.accountability.blocks import AffectedGroupBlock, CitingBlock, RiskBlock
from consult.consultations.blocks import LinkBlock
from consult.consultations.queries import canonical_consultation
from consult.discussion.models import Comment, Position
from consult.outcomes.models import Theme

CITED_MODELS = {"comments": Comment, "positions": Position, "themes": Theme}
# The elements of Art. 27(1) written as text: (a), (b), (e) and (f).
TEXT_ELEMENTS = (
    "deployer_processes",
    "period_of_use",
    "frequency_of_use",
    "human_oversight_measures",
    "risk_response_measures",
    "internal_governance",
    "complaint_mechanisms",
)


class FundamentalRightsAssessment(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    ai_system = models.ForeignKey(
        "consultations.AISystem",
        verbose_name=_("AI system"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The consultation whose contributions this assessment cites."),
    )
    # (a) to (f) of Art. 27(1); required to publish, not to save a draft.
    deployer_processes = models.TextField(
        _("(a) the processes in which the system is used"),
        help_text=_("What the deployer does with it, step by step, in line with its purpose."),
    )
    period_of_use = models.TextField(
        _("(b) period of use"), help_text=_("From when to when the system is meant to be used.")
    )
    frequency_of_use = models.TextField(
        _("(b) frequency of use"), help_text=_("How often: continuously, daily, per case...")
    )
    affected_groups = StreamField(
        [("group", AffectedGroupBlock())],
        verbose_name=_("(c) people and groups likely to be affected"),
    )
    risks = StreamField(
        [("risk", RiskBlock())], verbose_name=_("(d) specific risks of harm to them")
    )
    human_oversight_measures = models.TextField(
        _("(e) human oversight measures"),
        help_text=_("Who oversees the system, with what training and authority to stop it."),
    )
    risk_response_measures = models.TextField(
        _("(f) measures if the risks materialise"),
        help_text=_("What the deployer does when a harm happens: stop, correct, inform, repair."),
    )
    internal_governance = models.TextField(
        _("(f) internal governance"), help_text=_("Who decides and answers for the system.")
    )
    complaint_mechanisms = models.TextField(
        _("(f) complaint mechanisms"),
        help_text=_("How people complain and who handles it. The site's own routes are linked."),
    )
    complaint_links = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("(f) other complaint routes"),
        blank=True,
        help_text=_("e.g. the ombudsman or the data protection authority."),
    )

    # EU AI Act, Annex VIII, section C: what the deployer files in the EU database.
    deployer_name = models.CharField(_("deployer's name"), max_length=200, blank=True)
    deployer_address = models.TextField(_("deployer's address"), blank=True)
    deployer_email = models.EmailField(_("deployer's contact email"), blank=True)
    deployer_phone = models.CharField(_("deployer's contact phone"), max_length=40, blank=True)
    submitter_name = models.CharField(
        _("name of the person submitting"), max_length=200, blank=True
    )
    submitter_address = models.TextField(_("address of the person submitting"), blank=True)
    submitter_email = models.EmailField(_("contact email of the person submitting"), blank=True)
    submitter_phone = models.CharField(
        _("contact phone of the person submitting"), max_length=40, blank=True
    )
    provider_registration_url = models.URLField(
        _("provider's EU database entry"),
        blank=True,
        help_text=_("The address of the system's entry registered by its provider."),
    )
    findings_summary = models.TextField(
        _("summary of the assessment's findings"),
        blank=True,
        help_text=_("A few sentences for the EU database."),
    )
    dpia_applicable = models.BooleanField(
        _("a data protection impact assessment applies"),
        default=True,
        help_text=_("Under Art. 35 GDPR or Art. 27 of Directive 2016/680."),
    )
    dpia_summary = models.TextField(
        _("summary of the data protection impact assessment"), blank=True
    )

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("fundamental rights impact assessment")
        verbose_name_plural = _("fundamental rights impact assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["ai_system", "locale"], name="accountability_one_assessment"
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Fundamental rights impact assessment: %(system)s") % {"system": self.ai_system}
        )

    def get_absolute_url(self) -> str:
        return reverse("accountability:fria", kwargs={"slug": self.ai_system.slug})

    def cited_ids(self) -> dict[str, set[int]]:
        """Every number cited by the groups and risks, by kind."""
        cited: dict[str, set[int]] = {kind: set() for kind in CitingBlock.CITATION_KINDS}
        for stream in (self.affected_groups, self.risks):
            for child in stream:
                for kind in CitingBlock.CITATION_KINDS:
                    cited[kind].update(child.value[kind])
        return cited

    def clean(self) -> None:
        super().clean()
        if self.consultation_id:
            # Contributions belong to the default-language page: cite that one.
            self.consultation = canonical_consultation(self.consultation.specific)
        errors = []
        for kind, numbers in self.cited_ids().items():
            if not numbers:
                continue
            found = set(
                CITED_MODELS[kind]
                .objects.filter(pk__in=numbers, consultation_id=self.consultation_id)
                .values_list("pk", flat=True)
            )
            if missing := sorted(numbers - found):
                errors.append(
                    _("No %(kind)s numbered %(numbers)s in this assessment's consultation.")
                    % {
                        "kind": CITED_MODELS[kind]._meta.verbose_name_plural,
                        "numbers": ", ".join(map(str, missing)),
                    }
                )
        if errors:
            raise ValidationError(errors)
