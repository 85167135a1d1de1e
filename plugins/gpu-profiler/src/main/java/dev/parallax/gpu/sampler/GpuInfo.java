package dev.parallax.gpu.sampler;

import java.util.List;

/** What NVML reported when the sampler opened it: the library, the driver and the devices. */
public record GpuInfo(String library, String driverVersion, List<Device> devices) {
    public GpuInfo {
        devices = List.copyOf(devices);
    }

    /** One device as NVML names it. */
    public record Device(int index, String name, String uuid) {
    }
}
