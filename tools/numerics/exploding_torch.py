"""The exploding network of core/src/test/java/org/jrnn/testing/NumericsContract.java in PyTorch 1.13.

A tanh RNN (I = 2, H = 4) whose only non-zero weights are W_hh = 2*Id and the head's weights w, fed zeros, read at
its last step by a linear head, MSE against 1 over B = 2 sequences. Prints, per T, the gradient of the RNN biases
beside the closed form -2*w*(2^T - 1) the Java test asserts, the global norm, and the first SGD step (lr 1e-3) after
clip_grad_norm_(1) and clip_grad_value_(0.5), so the test's expectations can be checked against PyTorch itself.

    /usr/bin/python3 tools/numerics/exploding_torch.py
"""
import torch

W = torch.tensor([0.5, -0.25, 0.75, 1.0])
B, I, H, LR = 2, 2, 4, 1e-3


def model():
    rnn = torch.nn.RNN(I, H, nonlinearity="tanh")
    head = torch.nn.Linear(H, 1)
    with torch.no_grad():
        for p in list(rnn.parameters()) + list(head.parameters()):
            p.zero_()
        rnn.weight_hh_l0.copy_(2 * torch.eye(H))
        head.weight.copy_(W.view(1, H))
    return rnn, head


def step(T, clip=None):
    rnn, head = model()
    params = list(rnn.parameters()) + list(head.parameters())
    opt = torch.optim.SGD(params, lr=LR)
    out, h_n = rnn(torch.zeros(T, B, I))
    loss = torch.nn.functional.mse_loss(head(h_n[-1]), torch.ones(B, 1))
    opt.zero_grad()
    loss.backward()
    grad = rnn.bias_ih_l0.grad.clone()
    norm = torch.norm(torch.stack([torch.norm(p.grad) for p in params]))
    if clip == "norm":
        torch.nn.utils.clip_grad_norm_(params, 1.0)
    elif clip == "value":
        torch.nn.utils.clip_grad_value_(params, 0.5)
    opt.step()
    return grad, norm, rnn.bias_ih_l0.detach().clone(), head.bias.detach().clone()


for T in (20, 50, 61, 100, 150):
    grad, norm, b, hb = step(T)
    closed = -2 * W.double() * (2.0 ** T - 1)
    print(f"T={T}: grad bias_ih {grad.tolist()}  closed form {closed.tolist()}  norm {norm.item():.6g}")
    for clip in ("norm", "value"):
        _, _, b, hb = step(T, clip)
        print(f"   clip {clip}: bias_ih after one step {b.tolist()}, head.bias {hb.item():.6g}")
