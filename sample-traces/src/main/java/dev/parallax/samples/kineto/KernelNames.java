package dev.parallax.samples.kineto;

/** Kernel names as they appear in PyTorch 2.x profiler traces of bf16 transformer training on CUDA. */
public final class KernelNames {
    private KernelNames() {
    }

    public static final String LN_KERNEL = "void at::native::(anonymous namespace)::vectorized_layer_norm_kernel"
            + "<c10::BFloat16, float>(int, float, c10::BFloat16 const*, c10::BFloat16 const*, c10::BFloat16 const*, "
            + "float*, float*, c10::BFloat16*)";
    public static final String LN_GRAD_INPUT = "void at::native::(anonymous namespace)::layer_norm_grad_input_kernel"
            + "_vectorized<c10::BFloat16, float>(c10::BFloat16 const*, c10::BFloat16 const*, float const*, "
            + "float const*, c10::BFloat16 const*, c10::BFloat16*, int)";
    public static final String LN_GRAD_GAMMA = "void at::native::(anonymous namespace)::GammaBetaBackwardCUDAKernel"
            + "_32x32<c10::BFloat16, float>(long, long, c10::BFloat16 const*, c10::BFloat16 const*, float const*, "
            + "float const*, c10::BFloat16*, c10::BFloat16*)";
    public static final String FLASH_FWD = "void pytorch_flash::flash_fwd_kernel<pytorch_flash::Flash_fwd_kernel"
            + "_traits<128, 128, 64, 4, false, false, cutlass::bfloat16_t, pytorch_flash::Flash_kernel_traits<128, "
            + "128, 64, 4, cutlass::bfloat16_t> >, false, true, false, false, true, true, false, false>"
            + "(pytorch_flash::Flash_fwd_params)";
    public static final String FLASH_BWD = "void pytorch_flash::flash_bwd_dq_dk_dv_loop_seqk_parallel_kernel"
            + "<pytorch_flash::Flash_bwd_kernel_traits<128, 64, 128, 8, 2, 4, 2, false, false, cutlass::bfloat16_t, "
            + "pytorch_flash::Flash_kernel_traits<128, 64, 128, 8, cutlass::bfloat16_t> >, true, false, false, false, "
            + "false, false, false>(pytorch_flash::Flash_bwd_params)";
    public static final String ADD_KERNEL = "void at::native::vectorized_elementwise_kernel<4, "
            + "at::native::CUDAFunctor_add<c10::BFloat16>, at::detail::Array<char*, 3> >(int, "
            + "at::native::CUDAFunctor_add<c10::BFloat16>, at::detail::Array<char*, 3>)";
    public static final String GELU_KERNEL = "void at::native::vectorized_elementwise_kernel<4, "
            + "at::native::GeluCUDAKernelImpl(at::TensorIteratorBase&, at::native::GeluType)::{lambda()#2}::"
            + "operator()() const::{lambda()#4}::operator()() const::{lambda(c10::BFloat16)#1}, "
            + "at::detail::Array<char*, 2> >(int, at::native::GeluCUDAKernelImpl(at::TensorIteratorBase&, "
            + "at::native::GeluType)::{lambda()#2}::operator()() const::{lambda()#4}::operator()() const::"
            + "{lambda(c10::BFloat16)#1}, at::detail::Array<char*, 2>)";
    public static final String GELU_BWD_KERNEL = "void at::native::vectorized_elementwise_kernel<4, "
            + "at::native::GeluBackwardCUDAKernelImpl(at::TensorIteratorBase&, at::native::GeluType)::{lambda()#2}::"
            + "operator()() const::{lambda()#4}::operator()() const::{lambda(c10::BFloat16, c10::BFloat16)#1}, "
            + "at::detail::Array<char*, 3> >(int, at::native::GeluBackwardCUDAKernelImpl(at::TensorIteratorBase&, "
            + "at::native::GeluType)::{lambda()#2}::operator()() const::{lambda()#4}::operator()() const::"
            + "{lambda(c10::BFloat16, c10::BFloat16)#1}, at::detail::Array<char*, 3>)";
    public static final String EMBEDDING_KERNEL = "void at::native::(anonymous namespace)::indexSelectLargeIndex"
            + "<c10::BFloat16, long, unsigned int, 2, 2, -2, true>(at::cuda::detail::TensorInfo<c10::BFloat16, "
            + "unsigned int>, at::cuda::detail::TensorInfo<c10::BFloat16 const, unsigned int>, "
            + "at::cuda::detail::TensorInfo<long const, unsigned int>, int, int, unsigned int, unsigned int, long)";
    public static final String EMBEDDING_BWD_KERNEL = "void at::native::(anonymous namespace)::"
            + "embedding_backward_feature_kernel<c10::BFloat16, float, long>(long const*, c10::BFloat16 const*, "
            + "c10::BFloat16*, int, long, int, int)";
    public static final String SOFTMAX_KERNEL = "void at::native::(anonymous namespace)::cunn_SoftMaxForward"
            + "<8, c10::BFloat16, float, float, at::native::(anonymous namespace)::LogSoftMaxForwardEpilogue>"
            + "(float*, c10::BFloat16 const*, int)";
    public static final String SOFTMAX_BWD_KERNEL = "void at::native::(anonymous namespace)::cunn_SoftMaxBackward"
            + "<8, c10::BFloat16, float, float, at::native::(anonymous namespace)::LogSoftMaxBackwardEpilogue>"
            + "(c10::BFloat16*, float const*, float const*, long)";
    public static final String NLL_KERNEL = "void at::native::(anonymous namespace)::"
            + "nll_loss_forward_reduce_cuda_kernel_2d<float, float, long>(float*, float*, float const*, long const*, "
            + "float const*, bool, long, long, long, long)";
    public static final String NLL_BWD_KERNEL = "void at::native::(anonymous namespace)::"
            + "nll_loss_backward_reduce_cuda_kernel_2d<float, long>(float*, float const*, long const*, float const*, "
            + "float const*, bool, int, int, long, long)";
    public static final String ADAM_KERNEL = "void at::native::(anonymous namespace)::multi_tensor_apply_kernel"
            + "<at::native::(anonymous namespace)::FusedOptimizerTensorListMetadata<4>, "
            + "at::native::(anonymous namespace)::FusedAdamMathFunctor<c10::BFloat16, 4, "
            + "(at::native::ADAM_MODE)1, false>, double*, double, double, double, double, double, double, bool, "
            + "float*, float*>(at::native::(anonymous namespace)::FusedOptimizerTensorListMetadata<4>, "
            + "at::native::(anonymous namespace)::FusedAdamMathFunctor<c10::BFloat16, 4, (at::native::ADAM_MODE)1, "
            + "false>, double*, double, double, double, double, double, double, bool, float*, float*)";
    /** The NCCL all-reduce kernel of NCCL 2.19+ ({@code legacy} false) or older releases. */
    public static String allReduce(boolean legacy) {
        return legacy
                ? "ncclKernel_AllReduce_RING_LL_Sum_bf16(ncclDevComm*, unsigned long, ncclWork*)"
                : "ncclDevKernel_AllReduce_Sum_bf16_RING_LL(ncclDevKernelArgsStorage<4096ul>)";
    }

    /** The NCCL point-to-point kernel of NCCL 2.19+ ({@code legacy} false) or older releases. */
    public static String sendRecv(boolean legacy) {
        return legacy
                ? "ncclKernel_SendRecv_RING_SIMPLE_Sum_int8_t(ncclDevComm*, unsigned long, ncclWork*)"
                : "ncclDevKernel_SendRecv(ncclDevKernelArgsStorage<4096ul>)";
    }
}
