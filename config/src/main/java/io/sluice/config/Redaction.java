package io.sluice.config;

import java.util.regex.Pattern;

/** Keeps secrets out of the model's toString(), which ends up in logs. */
final class Redaction {
    static final String MASK = "****";

    // password=... in a JDBC query string, and user:password@ before a host.
    private static final Pattern URL_PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@]*:)[^/@]*@");

    private Redaction() {
    }

    static String mask(String secret) {
        return secret == null ? null : MASK;
    }

    static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = URL_PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + MASK);
        return URL_USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }
}
