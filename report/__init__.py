from . import report_invoice_dunning_letter
from . import account_dunning_recovery_report
from . import account_dunning_aging_report
from . import account_dunning_dso_report
