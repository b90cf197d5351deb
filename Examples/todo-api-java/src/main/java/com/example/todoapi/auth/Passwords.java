package com.example.todoapi.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes as self-describing strings:
 * {@code pbkdf2_sha256$<iterations>$<salt>$<key>}, salt and key in unpadded base64. The
 * iteration count is stored with each hash, so raising it later keeps old hashes verifiable.
 */
public final class Passwords {
  /** The OWASP Password Storage Cheat Sheet's figure for PBKDF2-HMAC-SHA256. */
  static final int ITERATIONS = 600_000;

  private static final int SALT_BYTES = 16;
  private static final int KEY_BYTES = 32;
  private static final String TAG = "pbkdf2_sha256";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Verified when the email is unknown, so a login takes as long for a missing account as for a
   * wrong password and response times do not reveal which emails are registered. It is the hash
   * of a random password nobody knows, with the production iteration count.
   */
  public static final String DUMMY_HASH =
      "pbkdf2_sha256$600000$" + "Ddz2q6bShPPcUdfazo+g6g$JgxnSn2jr4RgS3EO482z4sV4fNlbJO832Mh5vyXeL0E";

  private Passwords() {}

  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] key = derive(password, salt, ITERATIONS, KEY_BYTES);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return TAG + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
  }

  /** Whether password matches; the comparison takes the same time wherever bytes differ. */
  public static boolean verify(String encoded, String password) {
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(TAG)) {
      throw new IllegalArgumentException("malformed password hash");
    }
    int iterations = Integer.parseInt(parts[1]);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] want = Base64.getDecoder().decode(parts[3]);
    if (iterations < 1 || want.length == 0) {
      throw new IllegalArgumentException("malformed password hash");
    }
    byte[] got = derive(password, salt, iterations, want.length);
    return MessageDigest.isEqual(got, want);
  }

  /** The JDK's PBKDF2 encodes the password's characters as UTF-8, as other stacks do. */
  private static byte[] derive(String password, byte[] salt, int iterations, int length) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
