"""Re-check gdlib against PyTorch, an independent implementation (a maintainer's tool).

    python tools/check_against_torch.py      # in an env with gdlib and torch installed

Not part of `make test`: torch is a download of hundreds of MB to several GB, and the unit
tests already check gdlib against closed forms. Run it after changing gdlib.optim, losses or
mle, or when a new torch changes a default. It prints one line per check and exits 1 if any
differs by more than rounding.

What it compares:
  - each update rule against its torch.optim twin, with the defaults (no arguments on either
    side: the defaults must agree too) and with non-default hyperparameters. Both receive the
    same stream of random gradients ("open loop"): fed gradients computed from their own
    iterates, the two would drift apart near a minimum, where RMSProp and Adam amplify
    rounding differences, which would hide a real mismatch among harmless ones;
  - the logistic-regression loss and gradient against torch's BCE-with-logits and autograd;
  - the linear-regression MSE gradient and a Rosenbrock gradient against autograd;
  - the normal log-likelihood against torch.distributions.Normal;
  - softmax, log_softmax, logsumexp and the categorical cross-entropy (class numbers and target
    probabilities) against torch, and the cross-entropy's gradient against autograd;
  - the two-layer network (tanh and ReLU): its loss and flat gradient against the same weights in a
    torch.nn.Sequential and autograd, and 100 Adam steps of training against torch.optim.Adam.
"""

from __future__ import annotations

import sys

import numpy as np

try:
    import torch
except ImportError:
    sys.exit("torch is not installed here: pip install torch (the CPU build is enough)")

from gdlib import classify, losses, mle, network, objectives, optim

RTOL = 1e-12  # float64 on both sides: agreement to rounding, not to a loose tolerance
failures: list[str] = []


def report(name: str, got, want, rtol: float = RTOL) -> None:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    scale = max(1.0, float(np.max(np.abs(want))))
    err = float(np.max(np.abs(got - want))) / scale
    ok = err <= rtol
    if not ok:
        failures.append(name)
    print(f"{'ok  ' if ok else 'FAIL'} {name:58s} max relative difference {err:.1e}")


def compare_rule(name: str, ours: optim.UpdateRule, make_torch, steps: int = 300, dim: int = 7) -> None:
    rng = np.random.default_rng(0)
    w = rng.normal(size=dim)
    p = torch.tensor(w.copy(), dtype=torch.float64)
    theirs = make_torch([p])
    worst = 0.0
    for _ in range(steps):
        g = rng.normal(size=dim) * rng.choice([1e-3, 1.0, 30.0])  # gradients of changing size
        w = ours.step(w, g)
        p.grad = torch.tensor(g, dtype=torch.float64)
        theirs.step()
        worst = max(worst, float(np.max(np.abs(w - p.numpy()))) / max(1.0, float(np.max(np.abs(w)))))
    ok = worst <= 1e-10  # 300 steps of accumulated rounding
    if not ok:
        failures.append(name)
    print(f"{'ok  ' if ok else 'FAIL'} {name:58s} max relative difference {worst:.1e} over {steps} steps")


def check_rules() -> None:
    t = torch.optim
    compare_rule("GradientDescent() vs SGD()", optim.GradientDescent(), lambda p: t.SGD(p))
    compare_rule("GradientDescent(0.05) vs SGD(lr=0.05)", optim.GradientDescent(0.05), lambda p: t.SGD(p, lr=0.05))
    compare_rule("Momentum() vs SGD(momentum=0.9)", optim.Momentum(), lambda p: t.SGD(p, momentum=0.9))
    compare_rule("Momentum(0.02, beta=0.8) vs SGD(lr=0.02, momentum=0.8)", optim.Momentum(0.02, beta=0.8),
                 lambda p: t.SGD(p, lr=0.02, momentum=0.8))
    compare_rule("Adagrad() vs Adagrad()", optim.Adagrad(), lambda p: t.Adagrad(p))
    compare_rule("Adagrad(0.3, eps=0.5) vs Adagrad(lr=0.3, eps=0.5)", optim.Adagrad(0.3, eps=0.5),
                 lambda p: t.Adagrad(p, lr=0.3, eps=0.5))
    compare_rule("RMSProp() vs RMSprop()", optim.RMSProp(), lambda p: t.RMSprop(p))
    compare_rule("RMSProp(0.05, alpha=0.9, eps=0.1) vs RMSprop(...)", optim.RMSProp(0.05, alpha=0.9, eps=0.1),
                 lambda p: t.RMSprop(p, lr=0.05, alpha=0.9, eps=0.1))
    compare_rule("Adam() vs Adam()", optim.Adam(), lambda p: t.Adam(p))
    compare_rule("Adam(0.1, betas=(0.5, 0.9), eps=0.01) vs Adam(...)", optim.Adam(0.1, betas=(0.5, 0.9), eps=0.01),
                 lambda p: t.Adam(p, lr=0.1, betas=(0.5, 0.9), eps=0.01))


def autograd(f, w: np.ndarray) -> np.ndarray:
    p = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    f(p).backward()
    return p.grad.numpy()


def check_losses() -> None:
    rng = np.random.default_rng(1)
    X = np.column_stack([np.ones(50), rng.normal(size=(50, 3)) * 4])  # large |z|: the stable forms matter
    y = (rng.random(50) < 0.5).astype(float)
    w = rng.normal(size=4)
    Xt, yt = torch.tensor(X), torch.tensor(y)

    def bce(p):
        return torch.nn.functional.binary_cross_entropy_with_logits(Xt @ p, yt)

    report("logistic_bce vs binary_cross_entropy_with_logits", losses.logistic_bce(w, X, y),
           bce(torch.tensor(w)).item())
    report("logistic_bce_grad vs autograd", losses.logistic_bce_grad(w, X, y), autograd(bce, w))
    y_lin = X @ rng.normal(size=4) + rng.normal(size=50)
    report("linear_mse_grad vs autograd", losses.linear_mse_grad(w, X, y_lin),
           autograd(lambda p: torch.mean((Xt @ p - torch.tensor(y_lin)) ** 2), w))
    rosen = objectives.rosenbrock()
    x = np.array([-1.2, 1.0])
    report("rosenbrock.grad vs autograd", rosen.grad(x),
           autograd(lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2, x))


def check_likelihood() -> None:
    x = np.random.default_rng(2).normal(5.0, 2.0, size=200)
    normal = torch.distributions.Normal(torch.tensor(4.5, dtype=torch.float64), torch.tensor(1.7, dtype=torch.float64))
    report("normal_log_likelihood vs Normal.log_prob().sum()", mle.normal_log_likelihood(x, 4.5, 1.7),
           normal.log_prob(torch.tensor(x)).sum().item())
    t = torch.tensor(x)
    mu, var = mle.normal_mle(x)
    report("normal_mle vs mean and var(correction=0)", [mu, var],
           [t.mean().item(), torch.var(t, correction=0).item()])


def check_classify() -> None:
    rng = np.random.default_rng(3)
    Z = rng.normal(size=(40, 5)) * 30  # scores far apart: the log-sum-exp trick matters on both sides
    y = rng.integers(0, 5, 40)
    soft = rng.dirichlet(np.ones(5), size=40)
    Zt = torch.tensor(Z)
    F = torch.nn.functional
    report("softmax vs torch.softmax", classify.softmax(Z), torch.softmax(Zt, dim=1))
    report("log_softmax vs torch.log_softmax", classify.log_softmax(Z), torch.log_softmax(Zt, dim=1))
    report("logsumexp vs torch.logsumexp", classify.logsumexp(Z), torch.logsumexp(Zt, dim=1))
    report("categorical_cross_entropy (class numbers) vs cross_entropy", classify.categorical_cross_entropy(Z, y),
           F.cross_entropy(Zt, torch.tensor(y)).item())
    report("categorical_cross_entropy (probabilities) vs cross_entropy",
           classify.categorical_cross_entropy(Z, soft), F.cross_entropy(Zt, torch.tensor(soft)).item())
    report("categorical_cross_entropy_grad vs autograd", classify.categorical_cross_entropy_grad(Z, y),
           autograd(lambda p: F.cross_entropy(p, torch.tensor(y)), Z))


def torch_twin(net: network.TwoLayerNet, w: np.ndarray):
    """torch.nn.Sequential with the weights of w (torch's Linear stores W transposed, as (out, in))."""
    p = net.unpack(w)
    act = torch.nn.Tanh() if net.activation == "tanh" else torch.nn.ReLU()
    model = torch.nn.Sequential(torch.nn.Linear(net.n_in, net.n_hidden), act,
                                torch.nn.Linear(net.n_hidden, net.n_out)).double()
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor(p["W1"].T))
        model[0].bias.copy_(torch.tensor(p["b1"]))
        model[2].weight.copy_(torch.tensor(p["W2"].T))
        model[2].bias.copy_(torch.tensor(p["b2"]))
    return model


def flat_grad(model) -> np.ndarray:
    """The gradients of a twin in gdlib's order: W1 row by row, b1, W2, b2."""
    first, last = model[0], model[2]
    parts = [first.weight.grad.T, first.bias.grad, last.weight.grad.T, last.bias.grad]
    return np.concatenate([t.numpy().reshape(-1) for t in parts])


def check_network() -> None:
    rng = np.random.default_rng(4)
    X = rng.normal(size=(60, 4))
    y = rng.integers(0, 3, 60)
    Xt, yt = torch.tensor(X), torch.tensor(y)
    for activation in network.ACTIVATIONS:
        net = network.TwoLayerNet(4, 7, 3, activation=activation)
        w = net.init(seed=1) + 0.05 * rng.normal(size=net.size)  # non-zero biases too
        model = torch_twin(net, w)
        loss = torch.nn.functional.cross_entropy(model(Xt), yt)
        loss.backward()
        report(f"TwoLayerNet({activation}).loss vs nn.Sequential + cross_entropy", net.loss(w, X, y), loss.item())
        report(f"TwoLayerNet({activation}).grad vs autograd", net.grad(w, X, y), flat_grad(model))
        # 100 steps of Adam on the network, each side following its own iterates
        ours = optim.descend(lambda v, n=net: n.grad(v, X, y), w, optim.Adam(0.01), 100).x
        model = torch_twin(net, w)
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
        for _ in range(100):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(Xt), yt).backward()
            opt.step()
        theirs = net.pack({"W1": model[0].weight.detach().numpy().T, "b1": model[0].bias.detach().numpy(),
                           "W2": model[2].weight.detach().numpy().T, "b2": model[2].bias.detach().numpy()})
        report(f"TwoLayerNet({activation}) after 100 Adam steps vs torch.optim.Adam", ours, theirs, rtol=1e-10)


if __name__ == "__main__":
    print(f"gdlib against torch {torch.__version__}")
    check_rules()
    check_losses()
    check_likelihood()
    check_classify()
    check_network()
    if failures:
        sys.exit(f"{len(failures)} check(s) differ: {', '.join(failures)}")
    print("all checks agree")
