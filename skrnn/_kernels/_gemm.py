"""``matmul_into(a, b, out)``: ``out = a @ b`` for the kernels, through numba's BLAS.

It makes exactly the BLAS calls ``np.dot(a, b, out)`` makes in compiled code (numba's own
helpers: gemm, gemv for a single row or column, dot for both), so results are bitwise
the same, but it emits them directly instead of through ``np.dot``'s overload. That
overload compiles an argument check, three C-int checks and a copy for non-contiguous
operands as separate numba functions at every call site: about 0.17 s more compilation
per site on the development VM (``benchmarks/bench_compile_gemm.py``), which a first fit
pays at every GEMM of its kernels.

The kernels guarantee what ``np.dot`` would check: ``a`` is (m, k), ``b`` (k, n) and
``out`` (m, n), all with C or F layout (a transpose is F; slices of leading rows keep C),
``out`` C, and sizes below 2**31. Operands of any other layout are a typing error.
"""
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic
from numba.np import linalg


def _blas_layout(arr):
    return isinstance(arr, types.Array) and arr.ndim == 2 and arr.layout in "CF"


@intrinsic
def matmul_into(typingctx, a, b, out):
    """``out[...] = a @ b``; see the module docstring for the preconditions."""
    if not (_blas_layout(a) and _blas_layout(b) and _blas_layout(out)
            and out.layout == "C" and a.dtype == b.dtype == out.dtype
            and isinstance(a.dtype, types.Float)):
        return None
    signature = types.none(a, b, out)

    def codegen(context, builder, sig, args):
        linalg.ensure_blas()
        a_ty, b_ty, out_ty = sig.args
        x = context.make_array(a_ty)(context, builder, args[0])
        y = context.make_array(b_ty)(context, builder, args[1])
        z = context.make_array(out_ty)(context, builder, args[2])
        x_shape = cgutils.unpack_tuple(builder, x.shape)
        y_shape = cgutils.unpack_tuple(builder, y.shape)
        z_shape = cgutils.unpack_tuple(builder, z.shape)
        m, k = x_shape
        n = y_shape[1]
        dtype = a_ty.dtype
        zero = context.get_constant(types.intp, 0)
        one = context.get_constant(types.intp, 1)
        empty = builder.or_(builder.icmp_signed("==", k, zero),
                            builder.or_(builder.icmp_signed("==", m, zero),
                                        builder.icmp_signed("==", n, zero)))
        row = builder.icmp_signed("==", m, one)
        column = builder.icmp_signed("==", n, one)
        with builder.if_else(empty, likely=False) as (no_product, product):
            with no_product:  # np.dot's convention: an empty sum is zero
                cgutils.memset(builder, z.data, builder.mul(z.itemsize, z.nitems), 0)
            with product:
                with builder.if_else(column) as (to_vector, to_matrix):
                    with to_vector:
                        with builder.if_else(row) as (dot, gemv):
                            with dot:
                                linalg.call_xxdot(context, builder, False, dtype, k,
                                                  x.data, y.data, z.data)
                            with gemv:
                                linalg.call_xxgemv(context, builder,
                                                   a_ty.layout == out_ty.layout, a_ty,
                                                   x_shape, x.data, y.data, z.data)
                    with to_matrix:
                        with builder.if_else(row) as (gemv, gemm):
                            with gemv:
                                linalg.call_xxgemv(context, builder,
                                                   b_ty.layout != out_ty.layout, b_ty,
                                                   y_shape, y.data, x.data, z.data)
                            with gemm:
                                linalg.call_xxgemm(context, builder, a_ty, x_shape, x.data,
                                                   b_ty, y_shape, y.data, out_ty, z_shape,
                                                   z.data)
        return context.get_dummy_value()

    return signature, codegen
