from . import account_dunning_block_wizard
from . import account_dunning_send_wizard
from . import account_dunning_hold_wizard
from . import account_dunning_call_wizard
from . import account_dunning_escalation_wizard
from . import account_dunning_cancel_wizard
