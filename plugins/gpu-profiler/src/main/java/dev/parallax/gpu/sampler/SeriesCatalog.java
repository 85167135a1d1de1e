package dev.parallax.gpu.sampler;

import java.util.List;

/**
 * The numeric series the sampler reports, with the counter-track names they get in a trace
 * ("GPU 0 utilization %") and the factor that turns the raw value into the shown unit.
 */
public final class SeriesCatalog {
    private SeriesCatalog() {
    }

    /** One series: its key in a sample, its label and unit in a trace, and the scale to that unit. */
    public record Series(String key, String label, double scale) {
        /** Track name of this series for one device, e.g. {@code GPU 0 utilization %}. */
        public String trackName(int device) {
            return "GPU " + device + " " + label;
        }
    }

    /** All series in display order. */
    public static final List<Series> ALL = List.of(
            new Series("gpu_util_pct", "utilization %", 1),
            new Series("mem_util_pct", "memory controller utilization %", 1),
            new Series("mem_used_bytes", "memory used MiB", 1.0 / (1 << 20)),
            new Series("power_w", "power W", 1),
            new Series("sm_clock_mhz", "SM clock MHz", 1),
            new Series("mem_clock_mhz", "memory clock MHz", 1),
            new Series("temperature_c", "temperature C", 1),
            new Series("pcie_tx_kbps", "PCIe TX MB/s", 1.0 / 1000),
            new Series("pcie_rx_kbps", "PCIe RX MB/s", 1.0 / 1000),
            new Series("nvlink_tx_kibps", "NVLink TX MiB/s", 1.0 / 1024),
            new Series("nvlink_rx_kibps", "NVLink RX MiB/s", 1.0 / 1024),
            new Series("gpm_sm_util_pct", "SM activity % (GPM)", 1),
            new Series("gpm_sm_occupancy_pct", "SM occupancy % (GPM)", 1),
            new Series("gpm_tensor_util_pct", "tensor pipe activity % (GPM)", 1),
            new Series("gpm_dram_bw_util_pct", "DRAM bandwidth % (GPM)", 1));
}
