from .mail import mail_retry_due
from .registry import tick_step

tick_step(mail_retry_due)
