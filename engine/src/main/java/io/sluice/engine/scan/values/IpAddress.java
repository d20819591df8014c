package io.sluice.engine.scan.values;

/**
 * An IP address in text: IPv4 as four decimal octets 0-255 without leading zeros, or IPv6 as eight
 * groups of one to four hex digits, one run of zero groups shortened to {@code ::}, the last two
 * groups optionally written as IPv4, and an optional zone ({@code %eth0}). A MAC address
 * ({@code 00:1a:2b:3c:4d:5e}, six groups) or a time ({@code 12:30}) is not one. Parsed by hand:
 * {@link java.net.InetAddress} would look a non-literal up in DNS.
 */
public final class IpAddress {

    private IpAddress() {
    }

    public static Verdict check(String value) {
        return isIpv4(value) || isIpv6(value) ? Verdict.VALID : Verdict.NO_MATCH;
    }

    public static boolean isValid(String value) {
        return check(value) == Verdict.VALID;
    }

    static boolean isIpv4(String value) {
        String[] octets = value.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || (octet.length() > 1 && octet.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < octet.length(); i++) {
                if (octet.charAt(i) < '0' || octet.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String value) {
        int zone = value.indexOf('%');
        String address = zone < 0 ? value : value.substring(0, zone);
        if (zone == value.length() - 1 || address.indexOf(':') < 0) {
            return false;
        }
        int compressed = address.indexOf("::");
        if (compressed >= 0 && address.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        if (compressed < 0) {
            return countGroups(address) == 8;
        }
        String head = address.substring(0, compressed);
        String tail = address.substring(compressed + 2);
        int headGroups = head.isEmpty() ? 0 : countGroups(head);
        int tailGroups = tail.isEmpty() ? 0 : countGroups(tail);
        // An embedded IPv4 may only end the address.
        return headGroups >= 0 && tailGroups >= 0 && !head.contains(".") && headGroups + tailGroups <= 7;
    }

    /** Groups of a colon-separated run (an embedded IPv4 at the end counts two); -1 when malformed. */
    private static int countGroups(String run) {
        String[] parts = run.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && part.contains(".")) {
                if (!isIpv4(part)) {
                    return -1;
                }
                groups += 2;
            } else if (isHexGroup(part)) {
                groups++;
            } else {
                return -1;
            }
        }
        return groups;
    }

    private static boolean isHexGroup(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            if (Character.digit(part.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
