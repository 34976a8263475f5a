"""A small library shaped like the seeds: a researcher's profile, a daily papers page and a title list."""

from __future__ import annotations

from paperchat.assistant.question.library import InMemoryLibrary
from paperchat.ingest.papers import Paper

PROFILE, DAILY, TITLES = ["profile-listing"], ["daily-listing"], ["title-list"]
PAPERS = [
    Paper(
        title="MemAscend: System Memory Optimization for SSD-Offloaded LLM Fine-Tuning",
        authors_count=4,
        date="2025-05-29",
        year=2025,
        upvotes=3,
        formats=DAILY,
        abstract="Fine-tuning on one GPU offloads optimizer state to SSD; pinned buffers waste host memory.",
    ),
    Paper(
        title="FRUGAL: Memory-Efficient Optimization by Reducing State Overhead for Scalable Training",
        formats=TITLES,
        abstract="Gradient splitting keeps optimizer state for a subspace and updates the rest.",
    ),
    Paper(
        title="GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection",
        year=2024,
        formats=TITLES,
        abstract="Low-rank projection of gradients cuts optimizer memory while training LLaMA models.",
    ),
    Paper(
        title="GaLore 2: Large-Scale LLM Pre-Training by Gradient Low-Rank Projection",
        year=2025,
        formats=TITLES,
        abstract="GaLore scaled to pre-training Llama 7B on 500 billion tokens.",
    ),
    Paper(
        title="Natural GaLore: Accelerating GaLore for memory-efficient LLM Training",
        authors=["Arijit Das"],
        formats=DAILY,
        date="2024-10-21",
        year=2024,
        upvotes=9,
        abstract="Natural gradients on top of GaLore for fine-tuning GPT-2 and TinyLlama models.",
    ),
    Paper(
        title="Test-Time Training Done Right",
        formats=TITLES,
        abstract="Large-chunk test-time training updates fast weights for long sequences.",
    ),
    Paper(
        title="The MiniMax-M2 Series: Mini Activations Unleashing Max Real-World Intelligence",
        authors=["MiniMax", "Aili Chen", "Aonian Li"],
        authors_truncated=True,
        date="May 26",
        category="AI",
        formats=PROFILE,
        abstract="MiniMax-M2 activates 10 billion of 230 billion parameters.",
    ),
    Paper(
        title="MiniMax-M1: Scaling Test-Time Compute Efficiently with Lightning Attention",
        authors=["MiniMax", "Aili Chen", "Aonian Li"],
        authors_truncated=True,
        date="2025-06-16",
        year=2025,
        category="CL",
        has_code=True,
        formats=PROFILE,
        abstract="A hybrid-attention reasoning model trained with CISPO on 512 H800 GPUs for three weeks.",
    ),
    Paper(
        title="CoInfra: A Large-Scale Cooperative Infrastructure Perception System and Dataset in Adverse Weather",
        authors=["Minghao Ning", "Yufeng Yang", "Keqi Shu"],
        authors_truncated=True,
        date="Mar 20",
        category="RO",
        has_code=True,
        formats=PROFILE,
        abstract="Fourteen roadside sensor nodes linked by a wireless network.",
    ),
    Paper(
        title="Real-World Deployment of Cloud-based Autonomous Mobility Systems for Outdoor and Indoor Environments",
        authors=["Yufeng Yang", "Minghao Ning", "Keqi Shu"],
        authors_truncated=True,
        date="Mar 16",
        category="RO",
        formats=PROFILE,
        abstract="Autonomous vehicles deployed with cloud computing in campuses.",
    ),
    Paper(
        title="Ozone: A Unified Platform for Transportation Research",
        authors=["Ou Zheng", "Ruyi Feng", "Yufeng Yang"],
        authors_truncated=True,
        date="Apr 13",
        category="DB",
        formats=PROFILE,
        abstract="Ozone harmonises NGSIM, highD and CitySim trajectories in one database.",
    ),
    Paper(
        title="A Conformer Based Acoustic Model for Robust Automatic Speech Recognition",
        authors=["Yufeng Yang", "Peidong Wang", "DeLiang Wang"],
        date="2022-03-01",
        year=2022,
        category="SD",
        formats=PROFILE,
        abstract="A Conformer encoder reaches 6.25% word error rate on CHiME-4.",
    ),
    Paper(
        title="GEditBench v2: A Human-Aligned Benchmark for General Image Editing",
        authors=["Zhangqi Jiang", "Zheng Sun", "Xianfang Zeng"],
        authors_truncated=True,
        date="Mar 30",
        category="CV",
        has_code=True,
        formats=PROFILE,
        abstract="1,200 real user editing requests in 23 tasks.",
    ),
    Paper(
        title="RealRestorer: Towards Generalizable Real-World Image Restoration with Image Editing Models",
        authors=["Yufeng Yang", "Xianfang Zeng", "Zhangqi Jiang"],
        authors_truncated=True,
        date="Mar 26",
        category="CV",
        has_code=True,
        formats=PROFILE,
        abstract="Restoring degraded photos with editing models.",
    ),
    Paper(
        title="DynaPose4D: High-Quality 4D Dynamic Content Generation via Pose Alignment Loss",
        authors=["Jing Yang", "Yufeng Yang"],
        date="2025-10-26",
        year=2025,
        category="CV",
        formats=PROFILE,
        abstract="4D content from one image with pose alignment.",
    ),
    Paper(
        title="Residual-Based Detections and Unified Architecture for Massive MIMO Uplink",
        authors=["Chuan Zhang", "Yufeng Yang", "Shunqing Zhang"],
        authors_truncated=True,
        date="2018-02-15",
        year=2018,
        category="SP",
        formats=PROFILE,
        abstract="MINRES and GMRES detectors for large-antenna uplinks.",
    ),
    Paper(
        title="KernelBlaster: Continual Cross-Task CUDA Optimization via Memory-Augmented In-Context Learning",
        org="NVIDIA",
        date="Feb 15",
        upvotes=4,
        formats=DAILY,
        abstract="Agents write faster CUDA kernels.",
    ),
    Paper(
        title="Federated Orthogonal Training: Mitigating Global Catastrophic Forgetting",
        authors_count=5,
        date="2023-09-03",
        year=2023,
        upvotes=2,
        formats=DAILY,
        abstract="Federated learning clients train without pooling their data.",
    ),
    Paper(
        title="Symbolic Discovery of Optimization Algorithms",
        authors_count=13,
        date="2023-02-13",
        year=2023,
        formats=DAILY,
        abstract="Program search discovers Lion, a sign-momentum optimizer.",
    ),
    Paper(
        title="Lion Secretly Solves Constrained Optimization: As Lyapunov Predicts",
        formats=TITLES,
        abstract="Lion viewed as constrained optimization through a Lyapunov function.",
    ),
    Paper(
        title="Uncovering mesa-optimization algorithms in Transformers",
        formats=TITLES,
        abstract="Transformers learn an internal optimizer; a mesa-layer solves least squares in context.",
    ),
]
LIBRARY = InMemoryLibrary(PAPERS)


def paper_id(title_start: str) -> str:
    """The id of the one paper whose title starts with `title_start`."""
    [found] = [p.paper_id for p in PAPERS if p.title.startswith(title_start)]
    return found
