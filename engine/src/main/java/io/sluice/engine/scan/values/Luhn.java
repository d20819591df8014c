package io.sluice.engine.scan.values;

/** The Luhn mod-10 check digit (ISO/IEC 7812-1) that ends every payment card number. */
public final class Luhn {

    private Luhn() {
    }

    /** True when {@code digits} is two or more ASCII digits whose Luhn sum is a multiple of ten. */
    public static boolean isValid(CharSequence digits) {
        if (digits.length() < 2) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
