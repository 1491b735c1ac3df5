import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: Array<{ filename: string; content: Buffer; cid: string; contentType: string }>;
}

/** SMTP through nodemailer; `undefined` transport means "no SMTP_URL: keep mails in the outbox". */
export class MailTransport {
  private readonly transporter?: Transporter;

  constructor(smtpUrl: string | undefined) {
    if (smtpUrl)
      this.transporter = nodemailer.createTransport(smtpUrl, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      } as never);
  }

  get enabled(): boolean {
    return this.transporter !== undefined;
  }

  async send(mail: OutgoingMail): Promise<string> {
    if (!this.transporter) throw new Error('no SMTP transport');
    const info = (await this.transporter.sendMail(mail)) as { messageId?: string };
    return info.messageId ?? '';
  }

  close(): void {
    this.transporter?.close();
  }
}
