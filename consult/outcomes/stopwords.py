"""English and French words too common to name a theme, for the suggestions' keyphrases and
their guess at a comment's language. Our own short lists: the words any reader of either
language would strike from a label."""

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

ALL = ENGLISH | FRENCH
