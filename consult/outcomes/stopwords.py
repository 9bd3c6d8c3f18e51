"""Words too common to name a theme, for the suggestions' keyphrases and their guess at a
comment's language. Our own short lists: the words any reader of the language would strike
from a label. English and French are the site's languages; German, Spanish, Italian and
Dutch are there because people write in them all the same (a European consultation, a
quoted answer), and without their articles and pronouns a group's label read "die", "los"
or "een"."""

ENGLISH = frozenset(
    """a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can cannot could did do does doing don't
    down during each even every few for from further get gets had has have having he her
    here hers him his how i i'm if in into is isn't it it's its itself just let like made
    make many may me might more most much must my myself need no nor not now of off on once
    one only or other our ours out over own per please really same shall she should so some
    such than that that's the their theirs them then there these they this those through to
    too under until up upon us use used very was we were what when where which while who
    whom why will with would yes yet you your yours think want way well also thing things
    being get got lot lots people already still ever never always often less least whether
    either neither else around across within without among since though although whose
    something anything nothing everything everyone anyone someone know show""".split()  # noqa: SIM905 - a list reads better as prose
)

FRENCH = frozenset(
    """a afin ai aie aient ainsi alors au aucun aucune aura auront aussi autre autres aux avec
    avoir avons ayant bien c ça car ce ceci cela celle celles celui cependant ces cet cette
    ceux chaque chez ci comme comment d dans de des donc dont du elle elles en encore entre
    est et été étaient était être eu eux faire fait faut fois font hors il ils j je jusqu l
    la le les leur leurs lui m ma mais me même mêmes mes moi mon n ne ni non nos notre nous
    on ont ou où par parce pas pendant peu peut peuvent plus pour pourquoi qu quand que quel
    quelle quelles quels qui quoi s sa sans se selon ses si sien soi soit son sont sous
    suis sur t ta te tes toi ton tous tout toute toutes très tu un une vers via voir vos
    votre vous y doit doivent devrait devraient faudrait chose choses cas gens fait sera
    serait après seront seraient sommes êtes déjà toujours rien trop moins oui beaucoup
    combien veut va vont puis lorsque avant aujourd'hui tant presque sait""".split()  # noqa: SIM905 - a list reads better as prose
)

GERMAN = frozenset(
    """aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim
    bin bis bitte bist da damit dann das dass dein deine dem den denn der des deshalb dich
    die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer
    eines er es etwa etwas euch euer für gegen gibt hab habe haben hat hatte hatten hier
    ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im immer in ins ist ja jede jedem jeden
    jeder jedes jetzt kann kein keine keinen können könnte man manche mehr mein meine mich
    mir mit muss muß müssen nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinen
    sich sie sind so solche soll sollen sollte sollten sondern sowie über um und uns unser
    unsere unter viel viele vom von vor wann war waren warum was weil welche wenn wer werde
    werden wie wieder will wir wird wo wurde wurden zu zum zur zwischen""".split()  # noqa: SIM905 - a list reads better as prose
)

SPANISH = frozenset(
    """a al algo algunos ante antes aquí así aunque cada como con contra cual cuando de del
    desde donde dos el ella ellas ello ellos en entre era es esa ese eso esta está están
    estas este esto estos fue han hasta hay la las le les lo los más me mi mis muy nada ni
    no nos nosotros o otra otro otros para pero poco por porque puede pueden que qué se
    sea ser si sí sin sobre son su sus también tan tanto te tiene tienen todo todos tu tus
    un una uno unos usted ya yo debe deben debería deberían hacer""".split()  # noqa: SIM905 - a list reads better as prose
)

ITALIAN = frozenset(
    """a agli ai al alla alle allo anche ancora che chi ci come con contro cosa così da dai
    dal dalla dalle degli dei del della delle dello deve devono di dove dovrebbe dovrebbero
    e è ed essere fa fare gli ha hanno ho i il in io la le lei li lo loro lui ma mi mia
    mio molto ne nei nel nella nelle nessuno no noi non o ogni per perché più poi può
    possono quale quando quanto quella quelle quello questa queste questi questo se sei
    senza si sia siamo sono sta stato su sua sue sui sul sulla suo suoi tra tu tutti tutto
    un una uno voi""".split()  # noqa: SIM905 - a list reads better as prose
)

DUTCH = frozenset(
    """aan al alle als alles ben bij dan dat de deze die dit door doen dus een en er geen
    had heb hebben heeft het hier hij hoe hun ik in is ja je jij kan kunnen maar me meer
    men met mij mijn moet moeten na naar niet niets nog nu of om omdat ons onze ook op over
    te tegen toch tot u uit van veel voor want was waren wat we wel welke wie wij wil
    worden wordt zal ze zelf zich zij zijn zo zonder zou zouden""".split()  # noqa: SIM905 - a list reads better as prose
)

ALL = ENGLISH | FRENCH
BY_LANGUAGE = {
    "en": ENGLISH,
    "fr": FRENCH,
    "de": GERMAN,
    "es": SPANISH,
    "it": ITALIAN,
    "nl": DUTCH,
}


def struck(language: str) -> frozenset[str]:
    """The words no keyphrase in `language` contains: the site's two languages' always, as
    their words turn up in any comment, and the language's own."""
    return ALL | BY_LANGUAGE.get(language, frozenset())
