from wagtail import hooks

from consult.registers.panels import register_records_tab


@hooks.register("ai_system_card_tabs")
def card_register_records_tab():
    return [register_records_tab()]
