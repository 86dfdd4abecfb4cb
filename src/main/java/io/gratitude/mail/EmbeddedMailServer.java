package io.gratitude.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The zero-set-up run's mail server: GreenMail, a real SMTP server in-process (plus IMAP,
 * so any mail client can read what was sent), on 127.0.0.1:3025. Active only while
 * {@code spring.mail.host} is unset; setting it points Gratitude at a real server and
 * this never starts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.mail.host:}'.isEmpty()")
class EmbeddedMailServer {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedMailServer.class);

	@Bean(destroyMethod = "stop")
	GreenMail embeddedSmtpSink(@Value("${gratitude.embedded-mail.smtp-port:3025}") int smtpPort,
			@Value("${gratitude.embedded-mail.imap-port:3143}") int imapPort) {
		GreenMail greenMail = new GreenMail(new ServerSetup[] { new ServerSetup(smtpPort, "127.0.0.1", "smtp"),
				new ServerSetup(imapPort, "127.0.0.1", "imap") });
		greenMail.start();
		log.info(
				"Embedded SMTP sink listening on 127.0.0.1:{} (IMAP on {}; user and password are the recipient's address). "
						+ "Set spring.mail.host to use a real mail server.",
				smtpPort, imapPort);
		return greenMail;
	}

	@Bean
	JavaMailSenderImpl mailSender(GreenMail embeddedSmtpSink) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(embeddedSmtpSink.getSmtp().getPort());
		sender.setDefaultEncoding("UTF-8");
		return sender;
	}

}
