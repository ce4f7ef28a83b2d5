"""Today: what to do now (reviews due, the next stage of the current episode), how long it takes,
and the day's minutes against the goal. One button continues exactly where the plan stopped."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from .. import coaching
from ..storage import Library
from .ops import Op


class TodayWindow(QWidget):
    loaded = Signal(object)
    continue_requested = Signal(int)  # episode id

    def __init__(self, library_path: Path, parent=None):
        super().__init__(parent, Qt.Window)
        self.setWindowTitle("Shadow — today")
        self.library_path = Path(library_path)
        self.plan = None
        self.body = QTextBrowser()
        self.body.setObjectName("today")
        self.continue_button = QPushButton("Continue the plan")
        self.continue_button.setObjectName("continue")
        self.continue_button.clicked.connect(self._continue)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self.resize(720, 520)

    def refresh(self) -> None:
        def work(path):
            with Library(path) as library:
                return coaching.today(library)

        Op(self, work, self.library_path).on_result(self.show_plan) \
            .on_error(lambda message: self.body.setHtml(f"<p>{html.escape(message)}</p>")).start()

    def show_plan(self, plan) -> None:
        self.plan = plan
        goal_met = plan.today_minutes >= plan.goal_minutes
        parts = [f"<h2>Today</h2><p style='font-size:13pt'><b>{plan.today_minutes:.0f}</b> of {plan.goal_minutes:.0f}"
                 f" minutes{' — goal met ✓' if goal_met else ''} · streak <b>{plan.streak_days}</b> "
                 f"day{'s' if plan.streak_days != 1 else ''}</p>"]
        if plan.reviews_due:
            parts.append(f"<h3>{len(plan.reviews_due)} sentence{'s' if len(plan.reviews_due) != 1 else ''} to review"
                         "</h3><ul>" + "".join(f"<li>{html.escape(r.text)}</li>" for r in plan.reviews_due[:12]) + "</ul>")
        if plan.step is not None:
            parts.append(f"<h3>Next: {html.escape(plan.episode_title or '')}</h3>"
                         f"<p>{html.escape(plan.step.why)}</p>")
        elif plan.episode_title:
            parts.append(f"<h3>{html.escape(plan.episode_title)}</h3><p>Every stage of its plan is done: open "
                         "another episode and turn the coach on.</p>")
        parts.append(f"<p>About <b>{plan.estimate_min:.0f} minutes</b> for all of this.</p>")
        if not goal_met and plan.notes:
            parts.append("<p style='color:gray'>" + "<br>".join(html.escape(n) for n in plan.notes) + "</p>")
        self.body.setHtml("".join(parts))
        self.continue_button.setEnabled(plan.episode_id is not None)
        self.loaded.emit(plan)

    def _continue(self) -> None:
        if self.plan is not None and self.plan.episode_id is not None:
            self.continue_requested.emit(self.plan.episode_id)
            self.close()
