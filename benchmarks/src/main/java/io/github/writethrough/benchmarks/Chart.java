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
package io.github.writethrough.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.jspecify.annotations.Nullable;

/**
 * Draws the results as a PNG with Java2D: p50 latencies as ratios to their floors on a
 * log scale, and cache-hit throughput as a share of {@code redis-benchmark}.
 *
 * @author Write-Through contributors
 */
final class Chart {

	private static final Color STARTER = new Color(0x1F77B4);

	private static final Color PEER = new Color(0xFF7F0E);

	private static final Color FLOOR = new Color(0x8C8C8C);

	private static final Color TARGET = new Color(0xD62728);

	private static final Color GRID = new Color(0xE0E0E0);

	private static final int WIDTH = 1400;

	private static final int ROW = 34;

	private static final int LABEL_WIDTH = 470;

	private static final int PLOT_LEFT = LABEL_WIDTH + 30;

	private static final int PLOT_RIGHT = WIDTH - 60;

	private final Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 15);

	private final Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

	private final Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 17);

	void write(Results results, Path file) throws IOException {
		List<Bar> latencies = latencyBars(results);
		List<Bar> throughputs = throughputBars(results);
		int height = 110 + 20 + latencies.size() * ROW + 30 + 40 + 20 + throughputs.size() * ROW + 40;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, WIDTH, height);
			g.setColor(Color.BLACK);
			g.setFont(this.bold.deriveFont(20f));
			g.drawString("write-through-spring-boot-starter: ratios to floors measured in the same run", 30, 40);
			legend(g, 30, 68);
			int y = 110;
			y = logPanel(g, y,
					"p50 latency ÷ its floor (interleaved comparisons where run so; log scale; left of 1 is faster)",
					latencies);
			linearPanel(g, y + 40, "Cache-hit throughput ÷ redis-benchmark -c 32 (higher is better)", throughputs);
		}
		finally {
			g.dispose();
		}
		ImageIO.write(image, "png", file.toFile());
	}

	private List<Bar> latencyBars(Results results) {
		List<Bar> bars = new ArrayList<>();
		add(bars, "findById hit ÷ Redis GET + decode", STARTER, results.p50Ratio(Results.HIT, Results.RAW_GET), 1.3);
		add(bars, "@Cacheable hit ÷ Redis GET + decode", PEER, results.p50Ratio(Results.PEER_HIT, Results.RAW_GET),
				null);
		add(bars, "JPA findById (no cache) ÷ Redis GET + decode", FLOOR,
				results.p50Ratio(Results.JPA_FIND, Results.RAW_GET), null);
		add(bars, "findById hit ÷ JPA findById", STARTER, results.p50Ratio(Results.HIT, Results.JPA_FIND), 0.5);
		add(bars, "findById hit ÷ @Cacheable hit", STARTER, results.p50Ratio(Results.HIT, Results.PEER_HIT), 1.0);
		add(bars, "findById miss ÷ JPA findById", STARTER, results.p50Ratio(Results.MISS, Results.JPA_FIND), null);
		add(bars, "@Cacheable miss ÷ JPA findById", PEER, results.p50Ratio(Results.PEER_MISS, Results.JPA_FIND), null);
		add(bars, "findAllById(100) hits ÷ JPA findAllById(100)", STARTER,
				results.p50Ratio(Results.FIND_ALL, Results.JPA_FIND_ALL), null);
		add(bars, "save + commit ÷ JPA save + commit", STARTER, results.p50Ratio(Results.SAVE, Results.JPA_SAVE), 1.15);
		add(bars, "save + commit, await-updates=false ÷ JPA", STARTER,
				results.p50Ratio(Results.SAVE_UNAWAITED, Results.JPA_SAVE), 1.15);
		add(bars, "@CachePut save + commit ÷ JPA save + commit", PEER,
				results.p50Ratio(Results.PEER_SAVE, Results.JPA_SAVE), null);
		add(bars, "saveAll(100) + commit ÷ JPA saveAll(100) + commit", STARTER,
				results.p50Ratio(Results.SAVE_ALL, Results.JPA_SAVE_ALL), null);
		add(bars, "saveAll(100) cache share ÷ 100 sequential SETs", STARTER,
				results.saveAllCacheShare() / results.set100(), 0.25);
		return bars;
	}

	private List<Bar> throughputBars(Results results) {
		List<Bar> bars = new ArrayList<>();
		double floor = results.redisBenchmark32();
		for (int threads : Results.READ_THREADS) {
			Measurement hits = results.throughput(Results.HIT, threads);
			add(bars, "findById hits, " + threads + " thread" + ((threads > 1) ? "s" : ""), STARTER,
					(hits != null) ? hits.throughput() / floor : Double.NaN, (threads == 32) ? 0.5 : null);
		}
		Measurement peer = results.throughput(Results.PEER_HIT, 32);
		add(bars, "@Cacheable hits, 32 threads", PEER, (peer != null) ? peer.throughput() / floor : Double.NaN, null);
		Measurement raw = results.throughput(Results.RAW_GET, 32);
		add(bars, "Lettuce GET + decode, 32 threads", FLOOR, (raw != null) ? raw.throughput() / floor : Double.NaN,
				null);
		results.redisBenchmarks
			.forEach((name, result) -> add(bars, name, FLOOR, result.requestsPerSecond() / floor, null));
		return bars;
	}

	private static void add(List<Bar> bars, String label, Color color, double value, @Nullable Double target) {
		if (!Double.isNaN(value) && !Double.isInfinite(value) && value > 0) {
			bars.add(new Bar(label, color, value, target));
		}
	}

	private void legend(Graphics2D g, int x, int y) {
		g.setFont(this.small);
		int offset = x;
		for (Object[] entry : new Object[][] { { "starter", STARTER }, { "peer (Spring cache)", PEER },
				{ "floor", FLOOR }, { "target", TARGET } }) {
			g.setColor((Color) entry[1]);
			if (entry[1] == TARGET) {
				g.setStroke(new BasicStroke(3));
				g.drawLine(offset + 7, y - 12, offset + 7, y + 2);
			}
			else {
				g.fillRect(offset, y - 12, 14, 14);
			}
			g.setColor(Color.DARK_GRAY);
			g.drawString((String) entry[0], offset + 20, y);
			offset += 40 + g.getFontMetrics().stringWidth((String) entry[0]);
		}
	}

	private int logPanel(Graphics2D g, int top, String title, List<Bar> bars) {
		double min = 1;
		double max = 1;
		for (Bar bar : bars) {
			min = Math.min(min, Math.min(bar.value(), (bar.target() != null) ? bar.target() : 1));
			max = Math.max(max, Math.max(bar.value(), (bar.target() != null) ? bar.target() : 1));
		}
		double low = Math.pow(10, Math.floor(Math.log10(min * 0.8)));
		double high = Math.pow(10, Math.ceil(Math.log10(max * 1.25)));
		Scale scale = (value) -> PLOT_LEFT + (int) ((Math.log10(value) - Math.log10(low))
				/ (Math.log10(high) - Math.log10(low)) * (PLOT_RIGHT - PLOT_LEFT));
		List<Double> ticks = new ArrayList<>();
		for (double decade = low; decade <= high * 1.0001; decade *= 10) {
			for (double step : new double[] { 1, 2, 5 }) {
				if (decade * step <= high * 1.0001) {
					ticks.add(decade * step);
				}
			}
		}
		return panel(g, top, title, bars, scale, ticks, 1.0, "×");
	}

	private void linearPanel(Graphics2D g, int top, String title, List<Bar> bars) {
		double max = 1;
		for (Bar bar : bars) {
			max = Math.max(max, bar.value());
		}
		double high = Math.ceil(max * 1.15 * 5) / 5;
		Scale scale = (value) -> PLOT_LEFT + (int) (value / high * (PLOT_RIGHT - PLOT_LEFT));
		List<Double> ticks = new ArrayList<>();
		for (double tick = 0; tick <= high + 1e-9; tick += 0.2) {
			ticks.add(tick);
		}
		panel(g, top, title, bars, scale, ticks, 0, "%");
	}

	private int panel(Graphics2D g, int top, String title, List<Bar> bars, Scale scale, List<Double> ticks,
			double origin, String unit) {
		g.setFont(this.bold);
		g.setColor(Color.BLACK);
		g.drawString(title, 30, top);
		int plotTop = top + 20;
		int plotBottom = plotTop + bars.size() * ROW;
		g.setFont(this.small);
		FontMetrics metrics = g.getFontMetrics();
		for (double tick : ticks) {
			int x = scale.x(Math.max(tick, 1e-9));
			g.setColor(GRID);
			g.setStroke(new BasicStroke(1));
			g.drawLine(x, plotTop, x, plotBottom);
			g.setColor(Color.GRAY);
			String text = unit.equals("%") ? String.format("%.0f %%", tick * 100) : trim(tick) + "×";
			g.drawString(text, x - metrics.stringWidth(text) / 2, plotBottom + 18);
		}
		int originX = scale.x((origin > 0) ? origin : 1e-9);
		if (origin == 0) {
			originX = PLOT_LEFT;
		}
		for (int i = 0; i < bars.size(); i++) {
			Bar bar = bars.get(i);
			int y = plotTop + i * ROW;
			g.setFont(this.font);
			g.setColor(Color.BLACK);
			String label = bar.label();
			int labelWidth = g.getFontMetrics().stringWidth(label);
			g.drawString(label, LABEL_WIDTH - labelWidth, y + ROW / 2 + 5);
			int x = scale.x(bar.value());
			g.setColor(bar.color());
			g.fillRect(Math.min(originX, x), y + 6, Math.max(Math.abs(x - originX), 2), ROW - 12);
			boolean missed = false;
			if (bar.target() != null) {
				double target = bar.target();
				missed = isMissed(bar, unit);
				int tx = scale.x(target);
				g.setColor(TARGET);
				g.setStroke(new BasicStroke(3));
				g.drawLine(tx, y + 2, tx, y + ROW - 2);
			}
			g.setFont(this.small);
			g.setColor(missed ? TARGET : Color.DARK_GRAY);
			String value = unit.equals("%") ? String.format("%.0f %%", bar.value() * 100)
					: String.format("%.2f×", bar.value());
			if (bar.target() != null) {
				value += missed ? "  missed" : "  met";
			}
			// beside the bar, and past its target mark when the mark would cross the text
			int width = g.getFontMetrics().stringWidth(value);
			int textX = (x >= originX) ? x + 6 : x - 6 - width;
			if (bar.target() != null) {
				int tx = scale.x(bar.target());
				if (tx >= textX - 4 && tx <= textX + width + 4) {
					textX = (x >= originX) ? tx + 6 : tx - 6 - width;
				}
			}
			g.drawString(value, textX, y + ROW / 2 + 5);
		}
		g.setColor(Color.BLACK);
		g.setStroke(new BasicStroke(2));
		g.drawLine(originX, plotTop - 4, originX, plotBottom);
		return plotBottom + 30;
	}

	private static boolean isMissed(Bar bar, String unit) {
		double target = (bar.target() != null) ? bar.target() : Double.NaN;
		// throughput targets are floors, latency targets ceilings
		return unit.equals("%") ? bar.value() < target : bar.value() > target;
	}

	private static String trim(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.valueOf(value);
	}

	/**
	 * Maps a value to an x coordinate.
	 */
	@FunctionalInterface
	private interface Scale {

		int x(double value);

	}

	/**
	 * One bar.
	 *
	 * @param label what it shows
	 * @param color whose it is
	 * @param value the ratio
	 * @param target the target, if any
	 */
	private record Bar(String label, Color color, double value, @Nullable Double target) {

	}

}
