import { z } from "zod";
import { optionalTextField, safeText } from "@/lib/validation";

export const signInSchema = z.object({
  email: safeText("Enter your email address.")
    .trim()
    .min(1, "Enter your email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter a valid email address.")),
  password: safeText("Enter your password.").min(1, "Enter your password.").max(1024, "That password is too long."),
});

/** "Sign in with …": only where to land afterwards (same-site paths only: safeCallbackUrl). */
export const ssoStartSchema = z.object({
  callbackUrl: optionalTextField("The page to return to", 2000),
});
