/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.writethrough.cache;

/**
 * Makes text from entries, keys and ids safe to log: control characters are escaped, so
 * that no line can be forged, and long text is cut.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class LogSafe {

	private static final int MAX_LENGTH = 200;

	private LogSafe() {
	}

	/**
	 * Return the text with its control characters escaped as {@code \n} or
	 * {@code \u001b}, cut after {@value #MAX_LENGTH} characters.
	 * @param text the text
	 * @return the text to log
	 */
	public static String text(String text) {
		StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 8);
		for (int i = 0; i < text.length() && i < MAX_LENGTH; i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\n' -> safe.append("\\n");
				case '\r' -> safe.append("\\r");
				case '\t' -> safe.append("\\t");
				default -> {
					if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
						safe.append(String.format("\\u%04x", (int) c));
					}
					else {
						safe.append(c);
					}
				}
			}
		}
		return (text.length() > MAX_LENGTH) ? safe.append("…").toString() : safe.toString();
	}

}
