from . import test_account_dunning_profile
from . import test_account_dunning_letter
from . import test_account_dunning_letter_line
from . import test_account_dunning_rate
from . import test_account_move
from . import test_i18n
from . import test_report_letters
