from . import account_dunning_profile
from . import account_dunning_level
from . import account_dunning_letter
from . import account_dunning_letter_line
from . import account_move
from . import res_company
from . import res_partner
from . import res_partner_category
